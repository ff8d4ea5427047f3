-- Shared by the wrk scripts of benchmarks/: counts responses per thread and prints the
-- machine-readable "LF_" lines run-ingest.sh reads. A script sets EXPECTED_STATUS and
-- EVENTS_PER_REQUEST, and body_bytes from its request().

-- ---------------------------------------------------------------- setup (main state)

local threads = {}
local next_thread_id = 0

function setup(thread)
   next_thread_id = next_thread_id + 1
   thread:set("thread_id", next_thread_id)
   table.insert(threads, thread)
end

-- ---------------------------------------------------------------- responses (thread state)

ok_count, unexpected, first_bad, body_bytes = 0, 0, "", 0

function response(status, headers, body)
   if status == EXPECTED_STATUS then
      ok_count = ok_count + 1
   else
      unexpected = unexpected + 1
      if first_bad == "" then first_bad = status .. " " .. string.sub(body or "", 1, 200) end
   end
end

-- ---------------------------------------------------------------- report (main state)

-- Machine-readable lines for run-ingest.sh, prefixed "LF_".
function done(summary, latency, requests)
   local ok, bad, bad_example, bytes = 0, 0, "", 0
   for _, thread in ipairs(threads) do
      ok = ok + (thread:get("ok_count") or 0)
      bad = bad + (thread:get("unexpected") or 0)
      bytes = math.max(bytes, thread:get("body_bytes") or 0)
      local example = thread:get("first_bad") or ""
      if bad_example == "" then bad_example = example end
   end
   local e = summary.errors
   io.write(string.format("LF_REQUESTS=%d\n", summary.requests))
   io.write(string.format("LF_DURATION_US=%d\n", summary.duration))
   io.write(string.format("LF_EVENTS_PER_REQUEST=%d\n", EVENTS_PER_REQUEST))
   io.write(string.format("LF_BODY_BYTES=%d\n", bytes))
   io.write(string.format("LF_OK=%d\n", ok))
   io.write(string.format("LF_UNEXPECTED=%d\n", bad))
   io.write(string.format("LF_SOCKET_ERRORS=%d\n", e.connect + e.read + e.write + e.timeout))
   io.write(string.format("LF_P50_US=%d\n", latency:percentile(50)))
   io.write(string.format("LF_P90_US=%d\n", latency:percentile(90)))
   io.write(string.format("LF_P99_US=%d\n", latency:percentile(99)))
   io.write(string.format("LF_MAX_US=%d\n", latency.max))
   if bad_example ~= "" then
      io.write("LF_FIRST_UNEXPECTED=" .. string.gsub(bad_example, "\n", " ") .. "\n")
   end
end
