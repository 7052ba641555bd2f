"""``coverfill-1200x630``: Wagtail's ``fill`` (crop to the shape around the focal point), then always exactly that size.

Wagtail's ``fill`` never enlarges, so a 900 pixel wide source gives a 900x473 ``og:image``, which link previews
show small or refuse. This crops the same way and then scales up when the source is too small.
"""

from wagtail.images.image_operations import FillOperation


class CoverFillOperation(FillOperation):
    def run(self, transform, image):
        transform = super().run(transform, image)
        if tuple(transform.size) != (self.width, self.height):
            transform = transform.resize((self.width, self.height))
        return transform
