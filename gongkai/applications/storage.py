"""Where applicants' attachments are kept: PRIVATE_MEDIA_ROOT, a folder outside MEDIA_ROOT that no
web server serves. Attachments carry personal data (ID copies, letters), so the only way to read
one is the staff download view, after its permission check; the storage has no public URL."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="gongkai.applications.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    @property
    def base_location(self):
        # Read on every use (not cached), so a changed setting (tests) takes effect at once.
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("applicants' attachments have no public URL; staff download them through the case page")


private_storage = PrivateStorage()
