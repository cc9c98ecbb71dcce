"""The form engine, pure Python: definitions as data, their checks, and value validation.

Depends only on ``rrdesk.domain``. The Qt renderer is ``rrdesk.ui.forms``, the print
renderer ``rrdesk.documents.form_print``, storage ``rrdesk.services.forms``.
"""

from rrdesk.forms.loader import FormLibrary, load_file, load_library, parse_definition
from rrdesk.forms.model import DefinitionError, Field, FormDefinition, Problem, Section
from rrdesk.forms.values import validate_values

__all__ = ["DefinitionError", "Field", "FormDefinition", "FormLibrary", "Problem", "Section",
           "load_file", "load_library", "parse_definition", "validate_values"]
