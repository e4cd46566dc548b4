"""Upload, review and create: the screens of an import, and the original file's download."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from apps.core.post_only import post_only
from apps.core.submissions import once_per_submission

from . import permissions, services
from .forms import LABEL_CHOICES, ROLE_CHOICES, CreateDraftForm, UploadForm
from .recognise import LABEL_NAMES, RESPONSIBILITY, STAKEHOLDER


@require_http_methods(["GET", "HEAD", "POST"])
@once_per_submission
def upload(request):
    organisations = permissions.importing_organisations(request.user)
    if not organisations.exists():
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            document_import = services.import_prepare(
                organisation=form.cleaned_data["organisation"], actor=request.user,
                name=upload_file.name if upload_file else "",
                data=upload_file.read() if upload_file else None,
                text=None if upload_file else form.cleaned_data["text"],
            )
        except ValidationError as error:
            form.add_error("file" if upload_file else "text", error.messages)
        else:
            return redirect("imports:review", pk=document_import.pk)
    pending = permissions.visible_to(request.user).only("pk", "original_name", "created_at")
    return render(request, "imports/upload.html", {"form": form, "pending": pending[:20]})


@require_http_methods(["GET", "HEAD", "POST"])
@once_per_submission
def review(request, pk):
    document_import = permissions.get_import_for_review(request.user, pk)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            document_import = services.import_review_update(
                document_import=document_import, actor=request.user,
                changes=_changes(request.POST, len(document_import.blocks)),
            )
            if action.startswith("merge-"):
                document_import = services.import_merge(
                    document_import=document_import, actor=request.user,
                    index=_index(action),
                )
            elif action == "create":
                return _create(request, document_import)
            elif action.startswith("split-"):
                index = _index(action)
                document_import = services.import_split(
                    document_import=document_import, actor=request.user, index=index,
                    at=_split_point(document_import.blocks[index]["text"]),
                )
        except (ValidationError, IndexError, ValueError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [_("That change "
                                                                           "could not be made.")])))
        else:
            messages.success(request, _("Your changes to the review are saved."))
        return redirect("imports:review", pk=document_import.pk)
    plan = services.plan_of(document_import)
    rows = [
        {"index": i, "block": block, "proposal": proposal,
         "is_responsibility": proposal["label"] == RESPONSIBILITY,
         "is_stakeholder": proposal["label"] == STAKEHOLDER}
        for i, (block, proposal) in enumerate(
            zip(document_import.blocks, document_import.proposals, strict=True))
    ]
    summary = [(LABEL_NAMES.get(k, k), v) for k, v in document_import.summary.items()]
    return render(request, "imports/review.html", {
        "document_import": document_import, "rows": rows, "labels": LABEL_CHOICES,
        "roles": ROLE_CHOICES, "summary": summary, "plan_counts": plan.count(),
        "create_form": CreateDraftForm(initial={"title": plan.title}),
        "adoption": document_import.adoption,
    })


def _index(action: str) -> int:
    return int(action.split("-", 1)[1])


def _split_point(text: str) -> int:
    """After the sentence that ends nearest the middle."""
    middle = len(text) // 2
    ends = [i + 1 for i, ch in enumerate(text[:-1]) if ch in ".!?:;" and text[i + 1] == " "]
    if not ends:
        ends = [i for i, ch in enumerate(text) if ch == " "]
    return min(ends, key=lambda i: abs(i - middle)) if ends else 0


def _changes(post, count: int) -> list[dict]:
    changes = []
    for index in range(count):
        label = post.get(f"label-{index}")
        if label is None:
            changes.append({})
            continue
        priority = post.get(f"priority-{index}", "").strip()
        changes.append({
            "label": label, "role_level": post.get(f"role-{index}", ""),
            "priority": int(priority) if priority.isdigit() else None,
        })
    return changes


def _create(request, document_import):
    form = CreateDraftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the title and the kind, then try again."))
        return redirect("imports:review", pk=document_import.pk)
    version = services.import_create_draft(
        document_import=document_import, actor=request.user,
        title=form.cleaned_data["title"], kind=form.cleaned_data["kind"],
    )
    messages.success(request, _("The draft is created. The original document is kept with it."))
    return redirect("strategies:version_detail", pk=version.pk)


@post_only("imports:review", pk="pk")
def discard(request, pk):
    document_import = permissions.get_import_for_review(request.user, pk)
    services.import_discard(document_import=document_import, actor=request.user)
    messages.success(request, _("The document is removed."))
    return redirect("imports:upload")


@require_safe
def download(request, pk):
    """The original file (bilag), for whoever may read the draft made from it."""
    document_import = permissions.get_import_for_download(request.user, pk)
    try:
        stream = document_import.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(stream, as_attachment=True,
                            filename=document_import.original_name or "document")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
