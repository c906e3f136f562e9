-- Visitors following 100 members' share links: each visit is the link
-- (302, which sets the referral cookie) and then the page it leads to, sent
-- with that cookie. Every visitor comes from an address of their own
-- (X-Forwarded-For; the site trusts one proxy in production), as real ones
-- do, so the share links' abuse limit per address is not what is measured.
--   wrk -s share_links.lua URL -- VISITS_FILE   (lines: link TAB page TAB cookie)
local visits = {}
local counter = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  for line in io.lines(args[1]) do
    local link, page, cookie = line:match("([^\t]+)\t([^\t]+)\t([^\t]*)")
    table.insert(visits, { link, page, cookie })
  end
end

function request()
  counter = counter + 1
  local visit = math.floor((counter - 1) / 2)
  local which = visits[(visit % #visits) + 1]
  local headers = {
    ["X-Forwarded-Proto"] = "https",
    ["X-Forwarded-For"] = string.format(
      "10.%d.%d.%d", id % 256, math.floor(visit / 256) % 256, visit % 256),
  }
  if counter % 2 == 1 then
    return wrk.format("GET", which[1], headers)
  end
  headers["Cookie"] = "ref=" .. which[3]
  return wrk.format("GET", which[2], headers)
end
