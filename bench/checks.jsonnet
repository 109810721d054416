// The reference checks of a Switchboard organisation, as jsonnet asserts over
// its JSON form (org.json, written by `bench/gen --json`, copied next to it).
// The structure (required fields, enums, patterns, lengths, array sizes) is
// schema.json's job; these are the checks a JSON Schema cannot express:
// references resolve, uniqueness, and the cross-declaration rules of
// RULES.md. Each failing check yields a message naming its SWB code; the
// evaluation fails (exit 1) listing the first 20 when there is any.
//
//   jsonnet checks.jsonnet          (from the directory holding org.json)
local org = import 'org.json';

local has(o, k) = std.objectHas(o, k);
local get(o, k, d) = if std.objectHas(o, k) then o[k] else d;
local kind(k) = get(org, k, {});

// Jsonnet 0.18 (Debian 12) evaluates array comprehensions, slices, std.filter,
// std.sort and std.set in quadratic time, and std.objectHas scans every field
// of the object; these checks use only its fast primitives (std.makeArray,
// std.join, std.parseJson, std.objectFields, field access) on anything that
// grows with the config, and binary search over sorted names for membership.
// Small arrays and objects use comprehensions and std.objectHas.
local each(xs, f) = std.join([], std.makeArray(std.length(xs), function(i) f(xs[i])));  // f returns a list
local values(o) = local ks = std.objectFields(o); std.makeArray(std.length(ks), function(i) o[ks[i]]);
// A hash set of names (no spaces or quotes in them), built natively.
local keySet(xs) = std.parseJson('{' + std.join(',', std.makeArray(std.length(xs), function(i) '"' + xs[i] + '":1')) + '}');
// xs sorted (natively, by std.objectFields), duplicates kept.
local sorted(xs) =
  local ks = std.objectFields(keySet(std.makeArray(std.length(xs), function(i) xs[i] + ' ' + (10000000 + i))));
  std.makeArray(std.length(ks), function(i) std.substr(ks[i], 0, std.length(ks[i]) - 9));
// The values that occur more than once.
local dups(xs) =
  if std.length(std.objectFields(keySet(xs))) == std.length(xs) then []
  else local s = sorted(xs);
       std.join([], std.makeArray(std.length(s), function(i) if i > 0 && s[i] == s[i - 1] then [s[i]] else []));

local isDigits(s) = s != '' && std.length([c for c in std.stringChars(s) if c < '0' || c > '9']) == 0;
// Binary search in a sorted array of strings.
local lowerBound(xs, key) =
  local aux(lo, hi) =
    if lo >= hi then lo
    else local mid = std.floor((lo + hi) / 2);
         if xs[mid] < key then aux(mid + 1, hi) tailstrict else aux(lo, mid) tailstrict;
  aux(0, std.length(xs));
local member(sortedXs, x) = local i = lowerBound(sortedXs, x); i < std.length(sortedXs) && sortedXs[i] == x;
local refErr(code, where, k, keys, name) =
  if member(keys, name) then [] else ['%s %s: no %s named %s' % [code, where, k, name]];

local businesses = kind('business');
local channels = kind('channel');
local templates = kind('template');
local components = kind('custom_component');
local roles = kind('role');
local users = kind('user');
local skills = kind('skill');
local queues = kind('queue');
local slas = kind('sla');
local hours = kind('hours');
local orgBlock = get(org, 'org', {});
local channelNames = std.objectFields(channels);
local businessKeys = std.objectFields(businesses);
local skillKeys = std.objectFields(skills);
local slaKeys = std.objectFields(slas);
local hoursKeys = std.objectFields(hours);
local roleKeys = std.objectFields(roles);
local templateKeys = std.objectFields(templates);
local channelList = values(channels);

// ---- channels: references, approved account, digital default skill (SWB108, SWB203, SWB503)
local channelErrs = each(channelNames, function(n)
  local c = channels[n];
  refErr('SWB108', 'channel.' + n, 'business', businessKeys, c.business)
  + (if member(businessKeys, c.business) && businesses[c.business].status != 'approved'
     then ['SWB203 channel.%s: business %s is not approved' % [n, c.business]] else [])
  + refErr('SWB108', 'channel.' + n, 'skill', skillKeys, c.default_skill)
  + (if member(skillKeys, c.default_skill) && skills[c.default_skill].media != 'digital'
     then ['SWB503 channel.%s: default skill %s is not digital' % [n, c.default_skill]] else [])
  + (if has(c, 'sla') then refErr('SWB108', 'channel.' + n, 'sla', slaKeys, c.sla) else []));

// ---- phone numbers unique after normalising (SWB202); e-mails unique (SWB404)
local phoneErrs = ['SWB202 phone %s is used by more than one channel' % p
                   for p in dups(std.makeArray(std.length(channelList), function(i) std.strReplace(channelList[i].phone, ' ', '')))];
local userList = values(users);
local emailErrs = ['SWB404 e-mail %s is used by more than one user' % e
                   for e in dups(std.makeArray(std.length(userList), function(i) userList[i].email))];

// ---- templates: channel resolves, variables {{1}}..{{n}} in sequence, not at the
// start or end, one example per variable (SWB108, SWB304, SWB305, SWB306, SWB307)
// The variables of a text: the text becomes a JSON array of its pieces
// (std.strReplace and std.parseJson are native), "{{" marking a variable.
local jsonEsc(s) = std.strReplace(std.strReplace(std.strReplace(std.strReplace(std.strReplace(
  s, '\\', '\\\\'), '"', '\\"'), '\n', '\\n'), '\r', '\\r'), '\t', '\\t');
local varsOf(text) =
  local pieces = std.parseJson('["' + std.strReplace(std.strReplace(jsonEsc(text), '{{', '","\\u0001'), '}}', '","') + '"]');
  [std.substr(s, 1, std.length(s) - 1) for s in pieces if std.length(s) > 0 && s[0] == '\u0001'];
local templateErrs = each(std.objectFields(templates), function(n)
  local t = templates[n];
  local vs = varsOf(t.body);
  local nums = std.uniq(std.sort([std.parseInt(v) for v in vs if isDigits(v)]));
  local nex = std.length(get(t, 'examples', []));
  refErr('SWB108', 'template.' + n, 'channel', channelNames, t.channel)
  + (if std.length([v for v in vs if !isDigits(v)]) > 0 || nums != std.range(1, std.length(nums))
     then ['SWB304 template.%s: variables are not {{1}}..{{n}} in sequence' % n] else [])
  + (if std.startsWith(t.body, '{{') || std.endsWith(t.body, '}}')
     then ['SWB305 template.%s: body starts or ends with a variable' % n] else [])
  + (if nex != std.length(nums) then ['SWB306 template.%s: %d examples for %d variables' % [n, nex, std.length(nums)]] else [])
  + (if has(t, 'header') && t.header.type == 'text' && std.length(varsOf(t.header.text)) > 1
     then ['SWB307 template.%s: header text with more than one variable' % n] else []));

// ---- custom components: channels resolve; every channel with templates is covered (SWB312)
local componentList = values(components);
local componentErrs = each(std.objectFields(components), function(n)
  each(get(components[n], 'channels', []), function(ch) refErr('SWB108', 'custom_component.' + n, 'channel', channelNames, ch)));
local coversAll = std.length([1 for cc in componentList if std.length(get(cc, 'channels', [])) == 0]) > 0;
local covered = std.objectFields(keySet(each(componentList, function(cc) get(cc, 'channels', []))));
local coverageErrs = if coversAll then [] else each(values(templates), function(t)
  if member(covered, t.channel) then [] else ['SWB312 channel.%s has templates but no custom_component covers it' % t.channel]);

// ---- roles: granted channels resolve; interacting roles include reply (SWB108, SWB401)
local roleErrs = each(std.objectFields(roles), function(n)
  local r = roles[n];
  local grants = get(r, 'channels', {});
  each(std.objectFields(grants), function(ch)
    refErr('SWB108', 'role.' + n, 'channel', channelNames, ch)
    + (if !get(r, 'read_only', false) && !std.member(grants[ch].permissions, 'reply')
       then ['SWB401 role.%s grants channel %s without reply' % [n, ch]] else [])));

// ---- queues: filter channels and skill resolve; a routed skill is digital (SWB108, SWB503)
local filters = each(std.objectFields(queues), function(q)
  local fs = get(queues[q], 'filters', {});
  [{ queue: q, name: f, filter: fs[f] } for f in std.objectFields(fs)]);
local queueErrs = each(filters, function(x)
  each(x.filter.included_channels, function(ch) refErr('SWB108', 'queue.%s filter %s' % [x.queue, x.name], 'channel', channelNames, ch))
  + (if has(x.filter, 'skill') then
       refErr('SWB108', 'queue.%s filter %s' % [x.queue, x.name], 'skill', skillKeys, x.filter.skill)
       + (if member(skillKeys, x.filter.skill) && skills[x.filter.skill].media != 'digital'
          then ['SWB503 queue.%s filter %s routes non-digital skill %s' % [x.queue, x.name, x.filter.skill]] else [])
     else []));

// ---- users: role and skills resolve, proficiency 1..20, and every channel a
// user's skill is the default of or routed to is granted with reply by the
// user's role (SWB108, SWB406, SWB405). skill -> channels: the sorted keys
// "SKILL CHANNEL", searched by binary chop.
local served = std.objectFields(keySet(
  std.makeArray(std.length(channelNames), function(i) channels[channelNames[i]].default_skill + ' ' + channelNames[i])
  + each(filters, function(x) if has(x.filter, 'skill') then [x.filter.skill + ' ' + ch for ch in x.filter.included_channels] else [])));
local channelsServedBy(s) =
  local prefix = s + ' ';
  local aux(i, acc) =
    if i < std.length(served) && std.startsWith(served[i], prefix)
    then aux(i + 1, acc + [std.substr(served[i], std.length(prefix), std.length(served[i]) - std.length(prefix))]) tailstrict
    else acc;
  aux(lowerBound(served, prefix), []);
local userErrs = each(std.objectFields(users), function(n)
  local u = users[n];
  local grants = if member(roleKeys, u.role) then get(roles[u.role], 'channels', {}) else {};
  refErr('SWB108', 'user.' + n, 'role', roleKeys, u.role)
  + each(std.objectFields(get(u, 'skills', {})), function(s)
    refErr('SWB108', 'user.' + n, 'skill', skillKeys, s)
    + (if u.skills[s].proficiency < 1 || u.skills[s].proficiency > 20
       then ['SWB406 user.%s skill %s: proficiency %d outside 1-20' % [n, s, u.skills[s].proficiency]] else [])
    + ['SWB405 user.%s takes skill %s, served on channel %s, which role %s does not grant with reply' % [n, s, ch, u.role]
       for ch in channelsServedBy(s)
       if !(has(grants, ch) && std.member(grants[ch].permissions, 'reply'))]));

// ---- skills: direction, routing and service-level consistency (SWB504-SWB510, SWB513)
local features = get(orgBlock, 'features', []);
local skillErrs = each(std.objectFields(skills), function(n)
  local s = skills[n];
  local outbound = get(s, 'direction', 'inbound') == 'outbound';
  local r = get(s, 'routing', null);
  (if s.media == 'digital' && outbound && !has(s, 'outbound_via')
   then ['SWB504 skill.%s: outbound digital skill without outbound_via' % n] else [])
  + (if r != null && get(r, 'mode', 'proficiency') == 'preferred_agent' && !(has(r, 'focus_metric') && has(r, 'focus_lock'))
     then ['SWB505 skill.%s: preferred_agent without focus_metric and focus_lock' % n] else [])
  + (if r != null && get(r, 'focus_lock', '') == 'when_offline' && !has(r, 'fallback')
     then ['SWB506 skill.%s: when_offline without fallback' % n] else [])
  + (if r != null && ((has(r, 'fallback') && get(r, 'focus_lock', '') == 'when_available')
                      || (get(r, 'mode', '') == 'proficiency' && (has(r, 'focus_metric') || has(r, 'focus_lock') || has(r, 'fallback'))))
     then ['SWB507 skill.%s: focus settings that do not apply' % n] else [])
  + (if outbound && has(s, 'service_level') then ['SWB509 skill.%s: service_level on an outbound skill' % n] else [])
  + (if !outbound && has(s, 'template') then ['SWB510 skill.%s: template on an inbound skill' % n] else [])
  + (if has(s, 'template') then refErr('SWB108', 'skill.' + n, 'template', templateKeys, s.template) else [])
  + (if r != null && !std.member(features, 'dynamic_delivery')
     then ['SWB513 skill.%s: routing without the dynamic_delivery feature' % n] else []));

// ---- SLAs and business hours (SWB108, SWB602, SWB603, SWB003, SWB604, SWB605, SWB111)
local days = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
local minutes(hhmm) = std.parseInt(std.substr(hhmm, 0, 2)) * 60 + std.parseInt(std.substr(hhmm, 3, 2));
local rangeOf(s) = [minutes(std.substr(s, 0, 5)), minutes(std.substr(s, 6, 5))];
local open(h, d) = std.length(get(h, d, [])) > 0;
// Day of week of YYYY-MM-DD, 0 = Sunday (Sakamoto).
local dow(date) =
  local y0 = std.parseInt(std.substr(date, 0, 4));
  local m = std.parseInt(std.substr(date, 5, 2));
  local d = std.parseInt(std.substr(date, 8, 2));
  local y = if m < 3 then y0 - 1 else y0;
  local t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
  (y + std.floor(y / 4) - std.floor(y / 100) + std.floor(y / 400) + t[m - 1] + d) % 7;
local slaErrs = each(std.objectFields(slas), function(n)
  local s = slas[n];
  refErr('SWB108', 'sla.' + n, 'hours', hoursKeys, s.hours)
  + (if s.first_response > s.resolution then ['SWB602 sla.%s: first_response longer than resolution' % n] else [])
  + (if member(hoursKeys, s.hours) && std.length([d for d in days if open(hours[s.hours], d)]) == 0
     then ['SWB603 sla.%s: business hours %s are closed every day' % [n, s.hours]] else []));
local hoursErrs = each(std.objectFields(hours), function(n)
  local h = hours[n];
  each(days, function(d)
    local rs = std.sort([rangeOf(x) for x in get(h, d, [])], function(r) r[0]);
    ['SWB003 hours.%s %s: range %d-%d is empty or reversed' % [n, d, r[0], r[1]] for r in rs if r[0] >= r[1]]
    + ['SWB604 hours.%s %s: time ranges overlap' % [n, d]
       for i in std.range(1, std.length(rs) - 1) if rs[i][0] < rs[i - 1][1]])
  + ['SWB605 hours.%s: holiday %s listed twice' % [n, x] for x in dups(get(h, 'holidays', []))]
  + ['SWB605 hours.%s: holiday %s is on a closed day' % [n, x]
     for x in get(h, 'holidays', []) if !open(h, days[dow(x)])]);
local usedHours = std.objectFields(keySet([s.hours for s in values(slas)]));
local usedSlas = std.objectFields(keySet(each(channelList, function(c) if has(c, 'sla') then [c.sla] else [])
                        + (if has(orgBlock, 'sla') then [orgBlock.sla] else [])));
local unusedErrs =
  ['SWB111 hours.%s is never referenced' % n for n in std.objectFields(hours) if !member(usedHours, n)]
  + ['SWB111 sla.%s is never referenced' % n for n in std.objectFields(slas) if !member(usedSlas, n)];
local orgErrs = if has(orgBlock, 'sla') then refErr('SWB108', 'org', 'sla', slaKeys, orgBlock.sla) else [];

local errors = channelErrs + phoneErrs + emailErrs + templateErrs + componentErrs + coverageErrs
               + roleErrs + queueErrs + userErrs + skillErrs + slaErrs + hoursErrs + unusedErrs + orgErrs;

assert std.length(errors) == 0 :
       '%d check(s) failed:\n' % std.length(errors) + std.join('\n', std.makeArray(std.min(20, std.length(errors)), function(i) errors[i]));
{
  ok: true,
  channels: std.length(channelNames),
  users: std.length(std.objectFields(users)),
}
