"""The Qt renderer of form definitions (``rrdesk.forms``): a form widget and a form page."""

from rrdesk.ui.forms.compat import keep_singletons_alive

keep_singletons_alive()
