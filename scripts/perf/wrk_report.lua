-- wrk script for scripts/perf/benchmark.py.
-- Arguments after "--" are session cookies ("sessionid=..."): each request takes the
-- next one, so the load comes from several signed-in people, not one. At the end the
-- run's figures are printed as one line of JSON, latencies in microseconds.

local cookies = {}
local counter = 0

function init(args)
  for i, cookie in ipairs(args) do
    cookies[i] = cookie
  end
end

function request()
  counter = counter + 1
  local headers = {}
  if #cookies > 0 then
    headers["Cookie"] = cookies[(counter % #cookies) + 1]
  end
  return wrk.format("GET", nil, headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "errors_connect": %d, "errors_read": %d, ' ..
    '"errors_write": %d, "errors_status": %d, "errors_timeout": %d, "p50_us": %d, ' ..
    '"p95_us": %d, "p99_us": %d, "mean_us": %.1f, "max_us": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean,
    latency.max))
end
