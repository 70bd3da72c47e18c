# The sources the guide's "Trigger points and acupuncture points" section cites (the guide and the printed handout).
ACUPUNCTURE_SOURCES = ["melzack-1977", "dorsher-2006", "birch-2003"]
