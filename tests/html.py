"""What a browser would submit from a page's form: its fields' current values, read from the
rendered HTML (not from the form object that rendered it)."""

from html.parser import HTMLParser


class _FormValues(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.values = form_id, False, {}
        self.select = self.textarea = None
        self.textareas = set()

    def _add(self, name, value):
        self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._add(name, attrs.get("value") or "on")
            else:
                self._add(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self.select = name
            self.values.setdefault(name, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self._add(self.select, attrs.get("value") or "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.textareas.add(name)
            self._add(name, "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea][-1] += data


def form_values(html, form_id):
    """{field name: [values]} of the form with `form_id`, as a browser would post it (a
    textarea's first newline is not part of its value)."""
    parser = _FormValues(form_id)
    parser.feed(html)
    return {
        name: [value.removeprefix("\n") if name in parser.textareas else value for value in values]
        for name, values in parser.values.items()
    }


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def page_text(html):
    """The words of a page as a reader reads them: no tags, one space between words."""
    parser = _Text()
    parser.feed(html)
    return " ".join("".join(parser.parts).replace("\xa0", " ").split())
