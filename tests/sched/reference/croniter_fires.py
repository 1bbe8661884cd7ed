#!/usr/bin/python3
"""Reference fire times for tests/sched/fire_times_test.cpp: croniter (Debian
python3-croniter 1.3.5) walks the cron expression over naive wall-clock times, and zoneinfo
(the system IANA database) turns each into UTC. croniter is not given the zone itself: with
aware datetimes, 1.3.5 returns wrong instants in the days after a transition (09:00Z for
06:00 New York on 2027-03-15; a spurious 02:05Z for 04:05 London on 2027-03-28). No case
lands in a daylight-saving gap or repeat: there quantloop's behaviour is the issue's, tested
by hand.
Run: /usr/bin/python3 tests/sched/reference/croniter_fires.py > tests/sched/reference/croniter_fires.json
"""
import json
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from croniter import croniter

CASES = [
    ("0 9-19 * * *", "UTC", "2026-12-01T00:00:00Z", 30),
    ("0 20 * * *", "UTC", "2026-12-30T21:00:00Z", 5),
    ("*/15 * * * 1-5", "UTC", "2027-01-01T22:50:00Z", 12),
    ("0 6 * * 1-5", "America/New_York", "2027-03-10T00:00:00Z", 10),
    ("0 6 * * 1-5", "America/New_York", "2027-10-29T00:00:00Z", 10),
    ("30 2 1,15 * MON", "UTC", "2027-01-01T00:00:00Z", 12),
    ("0 0 29 2 *", "UTC", "2026-12-01T00:00:00Z", 2),
    ("5 4 * * SUN", "Europe/London", "2027-03-20T00:00:00Z", 6),
    ("0 */6 * * *", "UTC", "2026-12-31T13:00:00Z", 8),
    ("0 2 * * 0", "UTC", "2026-12-01T00:00:00Z", 4),
    ("55 1 * * *", "Asia/Tokyo", "2026-12-31T00:00:00Z", 4),
    ("0 0 1 */3 *", "Australia/Sydney", "2026-12-01T00:00:00Z", 5),
    ("10-40/10 8 * JAN,jul *", "UTC", "2026-12-01T00:00:00Z", 9),
    ("0 12 * * 7", "UTC", "2026-12-01T00:00:00Z", 3),
]


def fires(expr, zone, start, count):
    local = datetime.fromisoformat(start.replace("Z", "+00:00")).astimezone(ZoneInfo(zone))
    it = croniter(expr, local.replace(tzinfo=None))
    out = []
    for _ in range(count):
        wall = it.get_next(datetime).replace(tzinfo=ZoneInfo(zone), fold=0)
        out.append(wall.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    return out


print(json.dumps([{"cron": c, "timezone": z, "after": s, "fires": fires(c, z, s, n)}
                  for c, z, s, n in CASES], indent=1))
