"""Where applicants' attachments are kept: the "private" storage of settings.STORAGES.

On one machine that is PRIVATE_MEDIA_ROOT, a folder outside MEDIA_ROOT that no web server serves;
on several machines, the "private/" prefix of the S3-compatible bucket (S3_BUCKET), private like
the rest of it. Attachments carry personal data (ID copies, letters), so the only way to read one
is the staff download view, after its permission check: neither backend gives a URL.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.deconstruct import deconstructible

NO_URL = "applicants' attachments have no public URL; staff download them through the case page"


class PrivateFolderStorage(FileSystemStorage):
    @property
    def base_location(self):
        # Read on every use (not cached), so a changed setting (tests) takes effect at once.
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError(NO_URL)


def _forward(method):
    def forwarded(self, *args, **kwargs):
        return getattr(storages["private"], method)(*args, **kwargs)

    forwarded.__name__ = method
    return forwarded


@deconstructible(path="gongkai.applications.storage.PrivateStorage")
class PrivateStorage(Storage):
    """What the models name (migrations keep this path): every call goes to the storage that
    settings.STORAGES["private"] chooses for this deployment."""


for _method in (
    "open",
    "save",
    "delete",
    "exists",
    "listdir",
    "size",
    "url",
    "path",
    "get_valid_name",
    "get_alternative_name",
    "get_available_name",
    "generate_filename",
    "get_accessed_time",
    "get_created_time",
    "get_modified_time",
):
    setattr(PrivateStorage, _method, _forward(_method))


private_storage = PrivateStorage()
