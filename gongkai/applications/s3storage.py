"""The private storage on an S3-compatible object store (settings.STORAGES["private"] when
S3_BUCKET is set). A module of its own so that a single-node deployment never imports boto3."""

from storages.backends.s3 import S3Storage

from .storage import NO_URL


class PrivateS3Storage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError(NO_URL)
