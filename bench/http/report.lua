-- wrk's done(): one machine-readable line for run.sh.
return function(summary, latency, requests)
	local secs = summary.duration / 1e6
	local e = summary.errors
	io.write(string.format(
		"RESULT requests=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f " ..
		"non2xx=%d errors=%d\n",
		summary.requests, summary.requests / secs,
		latency:percentile(50) / 1000, latency:percentile(99) / 1000,
		e.status, e.connect + e.read + e.write + e.timeout))
end
