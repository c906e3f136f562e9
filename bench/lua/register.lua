-- Guests registering for one meeting, each with an address of their own.
-- As a browser posts the cached meeting page's form: its form token, an
-- Origin matching the host (the request is HTTPS behind the proxy) and a
-- csrftoken cookie (which a guest's post does not need).
--   wrk -s register.lua URL -- PATH FORM_TOKEN CSRF_COOKIE ORIGIN RUN
local counter = 0
local threads = 0
local path, form_token, csrf, origin, run

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  path, form_token, csrf, origin, run = args[1], args[2], args[3], args[4], args[5]
end

function request()
  counter = counter + 1
  local email = string.format("guest-%s-%d-%d%%40bench.example", run, id, counter)
  local body = "form_token=" .. form_token .. "&name=Bench+guest&email=" .. email
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. csrf,
    ["Origin"] = origin,
    ["X-Forwarded-Proto"] = "https",
    ["X-Forwarded-For"] = string.format(
      "10.%d.%d.%d", 100 + id, math.floor(counter / 256) % 256, counter % 256),
  }
  return wrk.format("POST", path, headers, body)
end
