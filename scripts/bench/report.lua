-- Loaded by every scenario of scripts/bench-http.sh (alone, for plain GETs). At the end of a run wrk
-- calls done(), which prints one machine-readable line for the script's table; wrk's own report
-- goes to the log. Latencies are in microseconds. wrk counts a status of 400 or more as non-2xx/3xx.
function done(summary, latency, requests)
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    summary.errors.status,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
