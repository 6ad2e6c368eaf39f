-- wrk's summary gives 50/75/90/99 %; the goals speak of the 95th percentile.
done = function(summary, latency, requests)
  io.write(string.format("P95_US %d\n", latency:percentile(95)))
end
