#!/usr/bin/env python3
"""Writes a Meeting Guide feed of N meetings for build/bench-import.sh: one venue for every four meetings, at a real UK
postcode district (its centre, moved a little), one group for every three, a third online and a tenth hybrid."""
import csv, json, random, sys

count = int(sys.argv[1])
districts = [(row[0], float(row[1]), float(row[2])) for row in csv.reader(open(sys.argv[2])) if row and row[0][:1].isalpha() and row[0] != "outcode"]
random.seed(16)
venues = []
for v in range(max(1, count // 4)):
    district, lat, lon = random.choice(districts)
    venues.append((f"{v + 1} High Street", f"{district} {random.randint(1, 9)}AA", round(lat + random.uniform(-0.01, 0.01), 5), round(lon + random.uniform(-0.01, 0.01), 5), f"Hall {v + 1}"))
types = ["O", "C", "D", "ST", "B", "W"]
out = sys.stdout
out.write("[")
for i in range(count):
    kind = i % 30
    meeting = {"slug": f"m{i}", "name": f"Meeting {i}", "day": i % 7, "time": f"{7 + i % 14:02d}:{(i % 4) * 15:02d}",
               "end_time": f"{8 + i % 14:02d}:{(i % 4) * 15:02d}", "timezone": "Europe/London",
               "types": random.sample(types, 2), "group": f"Group {i // 3}"}
    if kind < 10:
        meeting.update(conference_url=f"https://zoom.us/j/{100000000 + i}", attendance_option="online")
    else:
        address, postcode, lat, lon, name = venues[i % len(venues)]
        meeting.update(location=name, address=address, city="Town", postal_code=postcode, country="GB", latitude=lat, longitude=lon)
        if kind < 13:
            meeting.update(conference_url=f"https://zoom.us/j/{100000000 + i}")
    out.write(("," if i else "") + json.dumps(meeting, separators=(",", ":")))
out.write("]")
