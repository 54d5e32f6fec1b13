"""Form posts (the admin, Django's own pages) stored NFC like the API's input.

Vietnamese typed on some phones and Macs arrives decomposed (NFD: `e` + U+0301 + U+0302), which
looks the same but compares, sorts and searches differently. The GraphQL view normalises its
own body after parsing; this does the same for urlencoded and multipart form fields."""

import unicodedata

from django.http.multipartparser import MultiPartParserError
from django.urls import reverse

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


class NfcFormInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.api_path = reverse("graphql")

    def __call__(self, request):
        if (
            request.method == "POST"
            and request.content_type in FORM_TYPES
            and not request.path.startswith(self.api_path)
        ):
            self._normalise(request)
        return self.get_response(request)

    @staticmethod
    def _normalise(request) -> None:
        try:
            fields = request.POST
        except MultiPartParserError:
            return  # the view answers a malformed body as it always did
        if all(unicodedata.is_normalized("NFC", v) for _key, values in fields.lists() for v in values):
            return
        normalised = fields.copy()
        for key, values in fields.lists():
            normalised.setlist(key, [_nfc(value) for value in values])
        normalised._mutable = False
        request.POST = normalised
