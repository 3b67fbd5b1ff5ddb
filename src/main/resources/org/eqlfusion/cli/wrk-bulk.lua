-- wrk script written by `eql-fusion load --sender wrk`: sends the _bulk requests the load command
-- wrote beside it, in order, on N threads of one connection each (run with -tN -cN -- N): thread k
-- sends requests k, k+N, k+2N... Built once at start, so that sending costs wrk next to nothing.
-- A request answered 429 is sent again, after a backoff (1 ms, doubling up to 128 ms), as
-- shippers do; one connection per thread tells which request an answer is for. With a pace (ms),
-- a thread waits that long before each request, for a set load (--rate-limit). A thread that
-- has sent all of its requests leaves a file "done-k" and stops; the load command ends wrk.
-- wrk reads a thread's script (init) and starts that thread before it reads the next one's: a
-- thread that has read its requests leaves "ready-k", and none sends until all have, or the first
-- would run seconds ahead of the others in event time and theirs would come late to the server.
local dir, count, pace = "@DIR@", @COUNT@, @PACE@
local started = 0

function setup(thread)
  thread:set("id", started)
  started = started + 1
end

local requests, at, again, backoff, finished, primed, ready, threads = {}, 0, false, 0, false, false, false, 1

local function all_ready()
  for k = 0, threads - 1 do
    local f = io.open(string.format("%s/ready-%d", dir, k), "r")
    if not f then
      return false
    end
    f:close()
  end
  return true
end

function init(args)
  local headers = { ["Content-Type"] = "application/x-ndjson" }
  local key = os.getenv("EQLFUSION_API_KEY")
  if key and key ~= "" then
    headers["Authorization"] = "ApiKey " .. key
  end
  threads = tonumber(args[1])
  for i = id, count - 1, threads do
    local f = assert(io.open(string.format("%s/%06d.ndjson", dir, i), "rb"))
    requests[#requests + 1] = wrk.format("POST", "/_bulk", headers, f:read("*a"))
    f:close()
  end
  assert(io.open(string.format("%s/ready-%d", dir, id), "w")):close()
end

function delay()
  if not ready then
    return 10
  end
  if backoff > 0 then
    return backoff
  end
  return pace
end

function request()
  if not primed then
    -- wrk 4.1 asks a thread for one request it never sends, before it connects
    primed = true
    return wrk.format("GET", "/health")
  end
  if not ready then
    -- waiting for the other threads: a cheap request every 10 ms (delay) until they have read theirs
    ready = all_ready()
    if not ready then
      return wrk.format("GET", "/health")
    end
  end
  if not again then
    at = at + 1
  end
  again = false
  if at > #requests then
    if not finished then
      finished = true
      assert(io.open(string.format("%s/done-%d", dir, id), "w")):close()
    end
    wrk.thread:stop()
    return wrk.format("GET", "/health")
  end
  return requests[at]
end

function response(status, headers, body)
  if status == 429 then
    again = true
    backoff = math.min(backoff * 2 + 1, 128)
  else
    backoff = 0
  end
end
