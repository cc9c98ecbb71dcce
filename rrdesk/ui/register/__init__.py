"""The case register screens: the list, a case, its pathway needs and actions."""
