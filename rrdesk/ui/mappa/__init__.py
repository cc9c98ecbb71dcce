"""The MAPPA screens: meetings, referrals, case reviews (minutes) and review dates."""
