-- wrk: person pages of random people, V-000001 .. V-<VIGIL_BENCH_PEOPLE>.
local people = tonumber(os.getenv("VIGIL_BENCH_PEOPLE") or "100000")
local prefix = os.getenv("VIGIL_BENCH_PATH") or "/people/"

function setup(thread)
	thread:set("seed", math.random(1, 1000000))
end

function init(args)
	math.randomseed(seed or os.time())
end

function request()
	return wrk.format("GET", string.format("%sV-%06d", prefix,
		math.random(1, people)))
end

done = dofile(os.getenv("VIGIL_BENCH_DIR") .. "/report.lua")
