"""Classification (該非判定) as a record of its own, and the re-classification queue.

Use cases: classify a technical item or a goods item, edit it (optimistic locking), confirm
it as 該非確認責任者, attach basis documents, show and list (:mod:`.store`); the items a
rule-set or ordinance revision changed and the classifications to do again (:mod:`.queue`).

Other subpackages, ``desk.demo``, ``desk.cli`` and ``desk.ui`` import from here only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desk._lazy import lazy_exports

if TYPE_CHECKING:
    from desk.services.classification.info import (
        ClassificationInfo,
        DocumentInfo,
        info_from_json,
    )
    from desk.services.classification.queue import (
        QueueEntry,
        RuleChange,
        reclassification_queue,
        rule_changes,
        ruleset_item_table,
    )
    from desk.services.classification.store import (
        MAX_DOCUMENT_BYTES,
        add_classification,
        attach_document,
        classification_as_of,
        classification_of,
        confirm_classification,
        document_content,
        edit_classification,
        list_classifications,
        parse_parameter_text,
        show_classification,
        snapshot_cutoff,
    )
else:  # each name's submodule is imported when the name is first used
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "info": ("ClassificationInfo", "DocumentInfo", "info_from_json"),
            "queue": (
                "QueueEntry",
                "RuleChange",
                "reclassification_queue",
                "rule_changes",
                "ruleset_item_table",
            ),
            "store": (
                "MAX_DOCUMENT_BYTES",
                "add_classification",
                "attach_document",
                "classification_as_of",
                "classification_of",
                "confirm_classification",
                "document_content",
                "edit_classification",
                "list_classifications",
                "parse_parameter_text",
                "show_classification",
                "snapshot_cutoff",
            ),
        },
    )

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "ClassificationInfo",
    "DocumentInfo",
    "QueueEntry",
    "RuleChange",
    "add_classification",
    "attach_document",
    "classification_as_of",
    "classification_of",
    "confirm_classification",
    "document_content",
    "edit_classification",
    "info_from_json",
    "list_classifications",
    "parse_parameter_text",
    "reclassification_queue",
    "rule_changes",
    "ruleset_item_table",
    "show_classification",
    "snapshot_cutoff",
]
