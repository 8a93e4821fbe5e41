-- wrk: one filtered people list, the path given in VIGIL_BENCH_PATH.
local path = os.getenv("VIGIL_BENCH_PATH") or "/people?status=detained"

function request()
	return wrk.format("GET", path)
end

done = dofile(os.getenv("VIGIL_BENCH_DIR") .. "/report.lua")
