import logging

log = logging.getLogger(__name__)


def item_changed(sender=None, item=None, **kwargs):
    """Both disclosure signals: re-read the item and bring its search document in step.
    A failure here must not undo the publication; `gongkai search_reindex` repairs the index."""
    # imported here, not when the app loads: search brings jieba (see search/tokenize.py)
    from .search import index_item

    try:
        index_item(item)
    except Exception:  # noqa: BLE001 - receivers must not raise (see disclosure/signals.py)
        log.exception("search index update failed for item %s", getattr(item, "pk", None))
