-- Summary line shared by the workloads: workload= rps=… p50_ms=… p99_ms=… errors=…
return function(summary, latency, requests)
  local e = summary.errors
  local non2xx = e.status
  io.write(string.format("workload= rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d\n",
      summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      non2xx + e.connect + e.read + e.write + e.timeout))
end
