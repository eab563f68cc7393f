# Hands in the release exactly as it was downloaded: no exercise attempted.
