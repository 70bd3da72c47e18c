from django.apps import AppConfig


class AtlasConfig(AppConfig):
    name = "atlas"
    verbose_name = "Trigger-point atlas"

    def ready(self) -> None:
        # A malformed content file stops start-up with a message naming the file, entry and field. Imported
        # here, not at the top: Django loads app configs before settings-dependent modules may be imported.
        from clinical.content import content, content_version
        from clinical.geometry import geometry

        content()
        content_version()
        geometry()  # a trigger point moved outside its muscle stops start-up too, not the first /find/
