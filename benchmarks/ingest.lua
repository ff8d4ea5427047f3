-- wrk script: POST realistic Langfuse ingestion batches to /api/public/ingestion.
--
-- Each request is one batch of 12 events, shaped like what an instrumented
-- LLM app sends for one request: trace-create, 3 span-create, 2
-- generation-create (with usage), 1 event-create, then 3 span-update and
-- 2 generation-update that end them. Every input/output is ~1 KB of text.
--
-- Ids must be unique across the whole run or the server merges instead of
-- inserting. They are built as "<nonce>-<thread>-<counter>-<suffix>"; the
-- nonce (first script argument) separates warm-up and measured runs.
--
-- The batch is rendered once per thread as a template split at the id
-- placeholder, so each request costs one table.concat: the load generator
-- shares the machine with the server and must stay cheap.
--
-- Usage (see run-ingest.sh):
--   wrk -t2 -c16 -d20s --latency -s ingest.lua \
--       -H "Authorization: Basic ..." http://127.0.0.1:PORT/api/public/ingestion -- NONCE

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

EVENTS_PER_REQUEST = 12
local PLACEHOLDER = "@ID@"

-- PRICING=off names models no price definition matches, to measure what
-- pricing costs (PRICING=on, the default: gpt-4o and gpt-4o-mini, priced).
local PRICED = os.getenv("PRICING") ~= "off"
local MODEL_A = PRICED and "gpt-4o" or "bench-unpriced-a"
local MODEL_B = PRICED and "gpt-4o-mini" or "bench-unpriced-b"

dofile("benchmarks/wrk-report.lua")
EXPECTED_STATUS = 207

-- ---------------------------------------------------------------- batch template (thread state)

-- About `length` bytes of plain prose, varied by `seed`, with no characters
-- that need JSON escaping.
local WORDS = {
   "the", "model", "retrieved", "context", "answer", "user", "asked", "about",
   "latency", "tokens", "document", "summary", "because", "which", "returns",
   "a", "short", "list", "of", "relevant", "passages", "and", "their", "scores",
}
local function prose(seed, length)
   local out, size, state = {}, 0, seed * 7919 + 17
   while size < length do
      state = (state * 1103515245 + 12345) % 2147483648
      local word = WORDS[(state % #WORDS) + 1]
      out[#out + 1] = word
      size = size + #word + 1
   end
   return table.concat(out, " ")
end

local function text(seed) return '"' .. prose(seed, 1024) .. '"' end

local function envelope(n, event_type, timestamp, body)
   return string.format('{"id":"%s-ev%02d","type":"%s","timestamp":"%s","body":%s}',
      PLACEHOLDER, n, event_type, timestamp, body)
end

local function id(suffix) return '"' .. PLACEHOLDER .. "-" .. suffix .. '"' end

local function batch_template(tid, now)
   local trace = id("trace")
   local user = string.format('"user-%d"', tid)
   local session = string.format('"session-%d"', tid)
   local usage = '{"input":812,"output":230,"total":1042,"unit":"TOKENS"}'
   local params = '{"temperature":0.2,"max_tokens":512}'
   local function messages(seed)
      return '[{"role":"system","content":"You answer briefly."},{"role":"user","content":' .. text(seed) .. '}]'
   end
   local function assistant(seed) return '{"role":"assistant","content":' .. text(seed) .. '}' end

   local events = {
      envelope(1, "trace-create", now, string.format(
         '{"id":%s,"timestamp":"%s","name":"chat-request","userId":%s,"sessionId":%s,"release":"bench","version":"1",'
         .. '"metadata":{"env":"bench","region":"local"},"tags":["bench","ingest"],"input":{"question":%s}}',
         trace, now, user, session, text(1))),
      envelope(2, "span-create", now, string.format(
         '{"id":%s,"traceId":%s,"name":"retrieve","startTime":"%s","input":%s}', id("s1"), trace, now, text(2))),
      envelope(3, "span-create", now, string.format(
         '{"id":%s,"traceId":%s,"parentObservationId":%s,"name":"rerank","startTime":"%s","input":%s}',
         id("s2"), trace, id("s1"), now, text(3))),
      envelope(4, "span-create", now, string.format(
         '{"id":%s,"traceId":%s,"parentObservationId":%s,"name":"format","startTime":"%s","input":%s}',
         id("s3"), trace, id("s1"), now, text(4))),
      envelope(5, "generation-create", now, string.format(
         '{"id":%s,"traceId":%s,"parentObservationId":%s,"name":"draft","startTime":"%s","model":"%s",'
         .. '"modelParameters":%s,"input":%s,"usage":%s}',
         id("g1"), trace, id("s1"), now, MODEL_A, params, messages(5), usage)),
      envelope(6, "generation-create", now, string.format(
         '{"id":%s,"traceId":%s,"name":"final","startTime":"%s","model":"%s",'
         .. '"modelParameters":%s,"input":%s,"usage":%s}',
         id("g2"), trace, now, MODEL_B, params, messages(6), usage)),
      envelope(7, "event-create", now, string.format(
         '{"id":%s,"traceId":%s,"parentObservationId":%s,"name":"cache-miss","startTime":"%s","level":"DEFAULT","input":%s}',
         id("e1"), trace, id("s1"), now, text(7))),
      envelope(8, "span-update", now, string.format(
         '{"id":%s,"traceId":%s,"endTime":"%s","output":%s}', id("s2"), trace, now, text(8))),
      envelope(9, "span-update", now, string.format(
         '{"id":%s,"traceId":%s,"endTime":"%s","output":%s}', id("s3"), trace, now, text(9))),
      envelope(10, "generation-update", now, string.format(
         '{"id":%s,"traceId":%s,"endTime":"%s","output":%s}', id("g1"), trace, now, assistant(10))),
      envelope(11, "generation-update", now, string.format(
         '{"id":%s,"traceId":%s,"endTime":"%s","output":%s}', id("g2"), trace, now, assistant(11))),
      envelope(12, "span-update", now, string.format(
         '{"id":%s,"traceId":%s,"endTime":"%s","output":%s}', id("s1"), trace, now, text(12))),
   }
   assert(#events == EVENTS_PER_REQUEST)
   return '{"batch":[' .. table.concat(events, ",") .. ']}'
end

-- Split the template at every placeholder: table.concat(parts, prefix)
-- then yields the batch with every id made unique by `prefix`.
local function split(template)
   local parts, start = {}, 1
   while true do
      local i, j = string.find(template, PLACEHOLDER, start, true)
      if not i then break end
      parts[#parts + 1] = string.sub(template, start, i - 1)
      start = j + 1
   end
   parts[#parts + 1] = string.sub(template, start)
   return parts
end

-- ---------------------------------------------------------------- per thread

local parts, nonce, counter = nil, "run", 0

function init(args)
   nonce = args[1] or tostring(os.time())
   local now = os.date("!%Y-%m-%dT%H:%M:%S.000Z")
   parts = split(batch_template(thread_id, now))
end

function request()
   counter = counter + 1
   local body = table.concat(parts, nonce .. "-" .. thread_id .. "-" .. counter)
   body_bytes = #body
   return wrk.format(nil, nil, nil, body)
end

