from django.apps import AppConfig


class AtlasConfig(AppConfig):
    name = "atlas"
    verbose_name = "Trigger-point atlas"

    def ready(self) -> None:
        # A malformed content file stops start-up with a message naming the file, entry and field.
        from atlas.content import content, content_version

        content()
        content_version()
