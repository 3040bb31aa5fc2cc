from django import template

from besluitvorming.access import schermkaart as _schermkaart

register = template.Library()


@register.simple_tag(takes_context=True)
def schermkaart(context, traject):
    """The signed ticket a screen's poll carries, so that "unchanged" is answered without the session."""
    return _schermkaart(context["request"], traject)
