"""Sphinx tweaks for the course site: every page works offline and loads each script once.

sphinx-thebe (added by Jupyter Book whether or not live code is enabled) injects its setup
script twice, which throws in the browser, and points at thebe on a CDN. The course site has
no live code, so both are removed.
"""


def _drop_thebe(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    kept, seen = [], set()
    for script in scripts:
        body = getattr(script, "attributes", {}).get("body", "") or ""
        if "thebe" in str(script) or "THEBE_JS_URL" in body:
            continue
        key = (str(script), body)
        if key not in seen:
            seen.add(key)
            kept.append(script)
    scripts[:] = kept


def setup(app):
    app.connect("html-page-context", _drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
