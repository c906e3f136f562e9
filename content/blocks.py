from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False)
    button_label = blocks.CharBlock(max_length=40)
    button_url = blocks.URLBlock(help_text="Where the button goes.")

    class Meta:
        icon = "link"
        template = "content/blocks/call_to_action.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        form_classname="title", icon="title", template="content/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"], icon="pilcrow"
    )
    image = ImageBlock(template="content/blocks/image.html")
    call_to_action = CallToActionBlock()
