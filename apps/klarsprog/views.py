"""The editor's live advice: the text being typed, analysed and sent back as a fragment.

Nothing is stored and nothing is refused: the advice only informs. The text never
leaves the request, and the answer holds only counts and quotes of it.
"""

from django.http import HttpResponseBadRequest
from django.shortcuts import render

from apps.core.post_only import post_only

from . import advice

# The largest text analysed as the person types (a long chapter is some 50,000 characters).
MAX_CHARS = 200_000


# The advice box asks with POST as the person types; opened by hand, the dashboard.
@post_only("dashboards:home")
def live_advice(request):
    field = request.POST.get("klarsprog_field", "")
    if not field or field not in request.POST:
        return HttpResponseBadRequest()
    text = request.POST[field][:MAX_CHARS]
    return render(request, "klarsprog/includes/advice.html", {"advice": advice.for_text(text)})
