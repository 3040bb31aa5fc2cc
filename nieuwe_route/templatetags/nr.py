from django import template
from django.forms import CheckboxInput, CheckboxSelectMultiple, RadioSelect

register = template.Library()


@register.simple_tag
def widget(field):
    """Render a field's widget tied to its help text and its errors for screen readers."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def kind_of_field(field):
    w = field.field.widget
    if isinstance(w, CheckboxInput):
        return "checkbox"
    if isinstance(w, (RadioSelect, CheckboxSelectMultiple)):
        return "choices"
    return "input"
