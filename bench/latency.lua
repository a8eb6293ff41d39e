-- wrk prints the 50/75/90/99th percentiles; bench/throughput.py also needs the 95th, and the
-- totals as plain "key value" lines it can read.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("duration_us %d\n", summary.duration))
  for _, p in ipairs({ 50, 95, 99 }) do
    io.write(string.format("p%d_us %d\n", p, latency:percentile(p)))
  end
  io.write(string.format("errors_connect %d\n", errors.connect))
  io.write(string.format("errors_read %d\n", errors.read))
  io.write(string.format("errors_write %d\n", errors.write))
  io.write(string.format("errors_timeout %d\n", errors.timeout))
  io.write(string.format("non_2xx_3xx %d\n", errors.status))
end
