"""Pages of the weekly report (周报页面), one module per concern.

``issues``: list, detail, downloads; ``editing``: drafting and paragraph edits; ``review``: the
workflow steps; ``layouts``: series layouts and wording (past-report uploads are the archive's:
``archive.upload``); ``trends``: figures across issues. Who may do what comes from
``reports.workflow``; the views only ask it.
"""
