"""The Calendar page: month, week and agenda views of every dated item."""
