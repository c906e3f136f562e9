"""The admin's CSV and XLSX exports write their cells through the site's one
spreadsheet guard (`clubs.spreadsheets`): every index view with a
`list_export` is an `ExportIndexView`, or mixes in `SafeExportMixin`."""

from wagtail.admin.views import generic

from clubs import spreadsheets


class SafeExportMixin:
    """Wagtail's `SpreadsheetExportMixin` sends every cell of both formats
    through `preprocess_field_value`: the one place to guard them. XLSX cells
    are typed, so a formula-like text stays text there (Wagtail sees to it);
    what XLSX needs is to lose the characters it cannot hold."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return spreadsheets.safe_cell(value)
        return spreadsheets.xlsx_cell(value)


class ExportIndexView(SafeExportMixin, generic.IndexView):
    pass
