-- wrk script: POST OTLP trace exports (protobuf, gzip) to /api/public/otel/v1/traces.
--
-- wrk cannot build protobuf or gzip per request, so the bodies come ready-made from
-- benchmarks/otlp-bodies.py (12 spans each, every id unique). Each thread loads the file and
-- takes every THREADS-th body; running out of bodies would resend an export (which Langfarm
-- ignores as a retry), so the script then stops the run and reports it.
--
-- Usage (see run-ingest.sh): wrk ... -s otlp.lua URL -- BODY_FILE THREADS

dofile("benchmarks/wrk-report.lua")
EXPECTED_STATUS = 200
EVENTS_PER_REQUEST = 12

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-protobuf"
wrk.headers["Content-Encoding"] = "gzip"

local bodies, next_body = {}, 1

function init(args)
   local file = assert(io.open(args[1], "rb"))
   local threads_total, index = tonumber(args[2]), 0
   while true do
      local length = file:read("*l")
      if not length then break end
      local body = file:read(tonumber(length))
      if index % threads_total == thread_id - 1 then bodies[#bodies + 1] = body end
      index = index + 1
   end
   file:close()
end

function request()
   local body = bodies[next_body]
   if not body then
      -- Out of unique exports: make the run fail visibly rather than measure retries.
      wrk.thread:stop()
      return wrk.format(nil, "/out-of-bodies")
   end
   next_body = next_body + 1
   body_bytes = #body
   return wrk.format(nil, nil, nil, body)
end
