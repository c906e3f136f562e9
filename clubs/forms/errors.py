"""Showing a service's refusal on the form that asked for the change."""

from django import forms
from django.core.exceptions import ValidationError


def form_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's refusal beside the fields it names, the rest on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
