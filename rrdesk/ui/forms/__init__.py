"""The Qt renderer of form definitions (``rrdesk.forms``): a form widget and a form page."""
