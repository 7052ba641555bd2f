"""The admin's image form (``WAGTAILIMAGES_IMAGE_FORM_BASE``): a huge image is refused with a message, not a 500.

Wagtail checks ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` by asking Pillow for the size, but Pillow itself refuses to open
an image over twice its own ``Image.MAX_IMAGE_PIXELS`` (about 179 million pixels) with ``DecompressionBombError``,
which Wagtail does not catch. A PNG of a few hundred bytes can declare 60,000 x 60,000 pixels. The single and the
multiple uploader both build their upload form on this base.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class PixelCheckedImageField(WagtailImageField):
    """Wagtail's image field, with Pillow's "decompression bomb" refusal turned into a form error."""

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
            raise ValidationError(
                _("This image has too many pixels. Maximum pixels %(max_pixels_count)s.")
                % {"max_pixels_count": self.max_image_pixels or PILImage.MAX_IMAGE_PIXELS},
                code="file_too_many_pixels",
            ) from None


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if isinstance(field, WagtailImageField) and not isinstance(field, PixelCheckedImageField):
            # The field comes from Wagtail's form factory (formfield_for_dbfield); a declared field would also be
            # added to the multiple uploader's edit form, which has no file.
            self.fields["file"] = PixelCheckedImageField(
                label=field.label,
                required=field.required,
                widget=field.widget,
                help_text=field.help_text,
                initial=field.initial,
                max_length=field.max_length,
                allow_empty_file=field.allow_empty_file,
            )
