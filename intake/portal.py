"""The public web portal: the Art. 5 electronic appeal and the status lookup.

Two faces over the same use cases: a JSON API (`/public/…`, refusals as problem+json) and
plain HTML pages (`/portal…`) that work without JavaScript, in Ukrainian or Russian. Both
are public, so both are rate-limited per client address and size-limited; the HTML pages
explain each refusal in words a citizen understands.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Header, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import UploadFile
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from intake import lookup_codes
from intake.attachments import IncomingFile, RefusedFile, check_files
from intake.citizen_texts import Language, PortalTexts, portal_texts, status_name
from intake.config import IntakeSettings
from intake.electronic_appeal import ElectronicAppealInput, check_electronic_appeal
from intake.http import client_address, create_once
from intake.rate_limit import TokenBucketLimiter
from intake.service import (
    TrackedAppeal,
    Tracking,
    accept_electronic_appeal,
    find_tracked,
    web_applicant,
)
from shared.errors import InvalidInput, NotFound, TooManyRequests, problem_response
from shared.reference import body as reference_body
from shared.service import ServiceRuntime, runtime_of

router = APIRouter(tags=["portal"])
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
PORTAL_SCOPE = "portal"
STATUS_BODY_LIMIT = 4 * 1024
FORM_TOKEN_BYTES = 18


# -- limits -------------------------------------------------------------------------------


class RateLimited(TooManyRequests):
    """Too many requests from one client address; `retry_after` in seconds."""

    def __init__(self, retry_after: float) -> None:
        seconds = max(1, int(retry_after + 0.999))
        super().__init__(
            f"Too many requests from this address; try again in {seconds} s.",
            headers={"Retry-After": str(seconds)},
        )
        self.retry_after = seconds


def install(runtime: ServiceRuntime, settings: IntakeSettings) -> None:
    runtime.context["portal_settings"] = settings
    runtime.context["submission_limiter"] = TokenBucketLimiter(
        rate=settings.portal_submissions_per_hour / 3600, burst=settings.portal_submission_burst
    )
    runtime.context["lookup_limiter"] = TokenBucketLimiter(
        rate=settings.status_lookups_per_minute / 60, burst=settings.status_lookup_burst
    )


def _settings(request: Request) -> IntakeSettings:
    settings: IntakeSettings = runtime_of(request).context["portal_settings"]
    return settings


def _limit(limiter_name: str) -> Any:
    async def dependency(request: Request) -> None:
        runtime = runtime_of(request)
        limiter: TokenBucketLimiter = runtime.context[limiter_name]
        settings = _settings(request)
        address = client_address(request, trust_forwarded_for=settings.trust_forwarded_for)
        wait = limiter.acquire(address)
        if wait is not None:
            raise RateLimited(wait)

    return Depends(dependency)


SubmissionLimit = _limit("submission_limiter")
LookupLimit = _limit("lookup_limiter")


class BodySizeLimit:
    """Refuse public request bodies above their limit before anything parses them.

    The body is read into memory up to the limit (a few megabytes of attachments at most)
    and replayed to the app; a larger one gets 413 at once, as an HTML page on the
    portal's pages and as problem+json elsewhere.
    """

    def __init__(self, app: ASGIApp, *, limits: dict[str, int]) -> None:
        self.app = app
        self.limits = limits

    def _limit_for(self, path: str) -> int | None:
        return self.limits.get(path.rstrip("/") or "/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        root = scope.get("root_path", "")
        path = scope["path"].removeprefix(root) if root else scope["path"]
        limit = self._limit_for(path)
        if limit is None:
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        too_large = declared is not None and declared.isdigit() and int(declared) > limit
        chunks: list[bytes] = []
        size = 0
        while not too_large:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                too_large = True
                break
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        if too_large:
            response = _too_large_response(scope, path, limit)
            await response(scope, receive, send)
            return
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _too_large_response(scope: Scope, path: str, limit: int) -> Response:
    megabytes = max(1, limit // (1024 * 1024))
    if path.startswith("/portal"):
        query = scope.get("query_string", b"").decode()
        language = "ru" if "lang=ru" in query else "uk"
        texts = portal_texts(language)
        return _plain_page(
            texts,
            texts.too_large_title,
            texts.too_large_text.format(max=megabytes),
            status_code=413,
            base=scope.get("root_path", ""),
        )
    return problem_response(
        413,
        "Payload too large",
        f"The request body is larger than {limit} bytes.",
        type_slug="payload-too-large",
        instance=path,
    )


def install_page_errors(app: FastAPI) -> None:
    """Size limits for the public paths, and friendly pages for refusals on the portal."""
    settings: IntakeSettings = app.state.settings
    app.add_middleware(
        BodySizeLimit,
        limits={
            "/portal": settings.max_portal_body_bytes,
            "/public/appeals": settings.max_portal_body_bytes,
            "/portal/status": STATUS_BODY_LIMIT,
            "/public/status": STATUS_BODY_LIMIT,
            "/telegram/webhook": 1024 * 1024,
        },
    )

    @app.exception_handler(RateLimited)
    async def _rate_limited(request: Request, error: RateLimited) -> Response:
        if request.url.path.removeprefix(request.scope.get("root_path", "")).startswith("/portal"):
            texts = portal_texts(_language_of(request))
            minutes = max(1, (error.retry_after + 59) // 60)
            return _plain_page(
                texts,
                texts.too_many_title,
                texts.too_many_text.format(minutes=minutes),
                status_code=429,
                base=_base(request),
                headers=error.headers,
            )
        return problem_response(
            429,
            error.title,
            error.detail,
            type_slug=error.type_slug,
            instance=request.url.path,
            headers=error.headers,
        )


def _language_of(request: Request) -> Language:
    return "ru" if request.query_params.get("lang") == "ru" else "uk"


def _base(request: Request) -> str:
    root: str = request.scope.get("root_path", "")
    return root.rstrip("/")


def _plain_page(
    texts: PortalTexts,
    title: str,
    message: str,
    *,
    status_code: int,
    base: str,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    template = templates.get_template("refusal.html")
    html = template.render(t=texts, title=title, message=message, base=base.rstrip("/"))
    return HTMLResponse(html, status_code=status_code, headers=headers)


# -- accepting an electronic appeal -------------------------------------------------------


class AttachmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    filename: str = Field(max_length=255)
    content_base64: str = Field(description="The file's bytes, base64-encoded")


class PortalAppealIn(BaseModel):
    """The electronic appeal of Art. 5 as the portal's JSON API takes it."""

    model_config = ConfigDict(extra="forbid")

    full_name: str = Field(default="", max_length=1000, examples=["Коваленко Олена Петрівна"])
    residence: str = Field(default="", max_length=1000, examples=["м. Дніпро, вул. Робоча, 5"])
    text: str = Field(default="", max_length=50_000)
    email: str = Field(default="", max_length=254, examples=["olena@example.com"])
    phone: str = Field(default="", max_length=40)
    consent: bool = Field(default=False, description="Consent to the processing of personal data")
    language: Language = "uk"
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=50)


class PortalAccepted(BaseModel):
    """Stored and passed on for registration; the number follows on the status lookup."""

    reference: str
    lookup_code: str
    anonymous: bool
    status: Literal["accepted"] = "accepted"


async def _accept(
    request: Request,
    form: ElectronicAppealInput,
    files: list[IncomingFile],
    *,
    key: str | None,
) -> tuple[PortalAccepted | None, dict[str, str]]:
    """Check, then store once per key; the lookup code is derived from the key when given."""
    settings = _settings(request)
    checked = check_electronic_appeal(form, max_text_length=settings.max_text_length)
    accepted_files, refused = check_files(
        files, max_count=settings.max_attachments, max_bytes=settings.max_attachment_bytes
    )
    errors = dict(checked.errors)
    if refused:
        errors["attachments"] = _attachment_message(form.language, refused, settings)
    if checked.appeal is None or errors:
        return None, errors
    appeal = checked.appeal
    secret = settings.lookup_code_secret.get_secret_value()
    code = lookup_codes.code_for_key(secret, PORTAL_SCOPE, key) if key else lookup_codes.new_code()
    runtime = runtime_of(request)

    async def work(session: AsyncSession) -> tuple[int, dict[str, Any]]:
        accepted = await accept_electronic_appeal(
            session,
            runtime.outbox,
            channel="web",
            applicant=web_applicant(appeal),
            text=appeal.text,
            language=appeal.language,
            anonymous=appeal.anonymous,
            files=accepted_files,
            tracking_by=Tracking(
                language=appeal.language, lookup_code_hash=lookup_codes.hash_code(code)
            ),
            details={"consent": True},
            correlation_id=request.state.correlation_id,
        )
        return 202, {"reference": str(accepted.appeal_id), "anonymous": appeal.anonymous}

    answer = await create_once(
        request,
        scope=PORTAL_SCOPE,
        key=key,
        request_body={"form": form.__dict__, "files": [_file_fingerprint(f) for f in files]},
        work=work,
    )
    return (
        PortalAccepted(
            reference=answer.body["reference"],
            lookup_code=lookup_codes.display(code),
            anonymous=answer.body["anonymous"],
        ),
        {},
    )


def _file_fingerprint(file: IncomingFile) -> str:
    return f"{file.filename}:{hashlib.sha256(file.content).hexdigest()}"


def _attachment_message(
    language: Language, refused: list[RefusedFile], settings: IntakeSettings
) -> str:
    texts = portal_texts(language)
    megabytes = max(1, settings.max_attachment_bytes // (1024 * 1024))
    messages = []
    for file in refused:
        if file.problem == "too_many":
            messages.append(texts.attachment_too_many.format(max=settings.max_attachments))
        elif file.problem == "too_large":
            messages.append(texts.attachment_too_large.format(name=file.filename, max=megabytes))
        elif file.problem == "wrong_type":
            messages.append(texts.attachment_wrong_type.format(name=file.filename))
        else:
            messages.append(texts.attachment_empty.format(name=file.filename))
    return " ".join(messages)


def _citizen_problem(language: Language, errors: dict[str, str]) -> InvalidInput:
    texts = portal_texts(language)
    return InvalidInput(
        f"{texts.errors_heading} {' '.join(errors.values())}",
        errors=[{"field": field, "message": message} for field, message in errors.items()],
    )


@router.post(
    "/public/appeals",
    status_code=202,
    response_model=PortalAccepted,
    summary="Send an electronic appeal (public; rate-limited)",
    responses={413: {}, 422: {}, 429: {}},
    dependencies=[SubmissionLimit],
)
async def post_public_appeal(
    request: Request,
    appeal: PortalAppealIn,
    key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> PortalAccepted:
    files: list[IncomingFile] = []
    for index, item in enumerate(appeal.attachments):
        try:
            content = base64.b64decode(item.content_base64, validate=True)
        except (binascii.Error, ValueError) as error:
            raise InvalidInput(
                "An attachment is not valid base64.",
                errors=[{"field": f"attachments.{index}.content_base64", "message": "not base64"}],
            ) from error
        files.append(IncomingFile(filename=item.filename, content=content))
    form = ElectronicAppealInput(
        full_name=appeal.full_name,
        residence=appeal.residence,
        text=appeal.text,
        email=appeal.email,
        phone=appeal.phone,
        consent=appeal.consent,
        language=appeal.language,
    )
    accepted, errors = await _accept(request, form, files, key=key)
    if accepted is None:
        raise _citizen_problem(appeal.language, errors)
    return accepted


# -- status lookup ------------------------------------------------------------------------


class StatusQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: str = Field(min_length=1, max_length=60, description="Registration number or reference")
    code: str = Field(min_length=1, max_length=40)
    language: Language = "uk"


class PublicAnswer(BaseModel):
    text: str
    answered_at: datetime | None


class PublicStatus(BaseModel):
    """All a citizen sees: no personal data of anyone, not even their own."""

    registration_number: str | None
    status: str
    status_text: str
    body: str | None
    due_date: date | None
    answer: PublicAnswer | None


def _body_name(code: str | None) -> str | None:
    if code is None:
        return None
    try:
        return reference_body(code).name_uk
    except KeyError:
        return code


def public_status(tracked: TrackedAppeal, language: Language) -> PublicStatus:
    answer = (
        PublicAnswer(text=tracked.answer_text, answered_at=tracked.answered_at)
        if tracked.answer_text
        else None
    )
    return PublicStatus(
        registration_number=tracked.registration_number,
        status=tracked.status,
        status_text=status_name(language, tracked.status),
        body=_body_name(tracked.body_code),
        due_date=tracked.due_date,
        answer=answer,
    )


async def _lookup(request: Request, number: str, code: str) -> TrackedAppeal | None:
    async with runtime_of(request).sessionmaker() as session:
        tracked = await find_tracked(session, number)
    if tracked is None or not lookup_codes.matches(code, tracked.lookup_code_hash):
        return None
    return tracked


@router.post(
    "/public/status",
    response_model=PublicStatus,
    summary="Status of an appeal by its number and lookup code (public; rate-limited)",
    responses={404: {}, 422: {}, 429: {}},
    dependencies=[LookupLimit],
)
async def post_public_status(request: Request, query: StatusQuery) -> PublicStatus:
    tracked = await _lookup(request, query.number, query.code)
    if tracked is None:
        raise NotFound(portal_texts(query.language).status_not_found)
    return public_status(tracked, query.language)


# -- HTML pages ---------------------------------------------------------------------------


def _page(
    request: Request, name: str, texts: PortalTexts, status_code: int = 200, **context: Any
) -> HTMLResponse:
    settings = _settings(request)
    return templates.TemplateResponse(
        request,
        name,
        {
            "t": texts,
            "base": _base(request),
            "max_files": settings.max_attachments,
            "max_file_mb": max(1, settings.max_attachment_bytes // (1024 * 1024)),
            **context,
        },
        status_code=status_code,
        headers={"Cache-Control": "no-store"},
    )


def _form_language(value: object) -> Language:
    return "ru" if value == "ru" else "uk"


@router.get("/portal", response_class=HTMLResponse, summary="The electronic appeal form")
async def portal_form(request: Request) -> HTMLResponse:
    texts = portal_texts(_language_of(request))
    return _page(
        request,
        "form.html",
        texts,
        values={},
        errors={},
        form_token=secrets.token_urlsafe(FORM_TOKEN_BYTES),
    )


@router.post(
    "/portal",
    response_class=HTMLResponse,
    summary="Send the form (multipart, works without JavaScript)",
    dependencies=[SubmissionLimit],
)
async def portal_submit(request: Request) -> HTMLResponse:
    settings = _settings(request)
    form_data = await request.form(max_files=settings.max_attachments + 5, max_fields=50)
    language = _form_language(form_data.get("language"))
    texts = portal_texts(language)
    values = {
        name: str(form_data.get(name) or "")
        for name in ("full_name", "residence", "text", "email", "phone")
    }
    files: list[IncomingFile] = []
    for upload in form_data.getlist("attachments"):
        if isinstance(upload, UploadFile) and (upload.filename or upload.size):
            files.append(IncomingFile(filename=upload.filename or "", content=await upload.read()))
    token = str(form_data.get("form_token") or "")
    key = token if 16 <= len(token) <= 100 else None
    form = ElectronicAppealInput(
        **values, consent=form_data.get("consent") == "yes", language=language
    )
    accepted, errors = await _accept(request, form, files, key=key)
    if accepted is None:
        return _page(
            request,
            "form.html",
            texts,
            status_code=422,
            values={**values, "consent": form.consent},
            errors=errors,
            form_token=token or secrets.token_urlsafe(FORM_TOKEN_BYTES),
        )
    return _page(request, "accepted.html", texts, status_code=202, accepted=accepted)


@router.get("/portal/status", response_class=HTMLResponse, summary="The status lookup page")
async def portal_status_form(request: Request, ref: str = "") -> HTMLResponse:
    texts = portal_texts(_language_of(request))
    return _page(request, "status.html", texts, number=ref[:60], result=None, not_found=False)


@router.post(
    "/portal/status",
    response_class=HTMLResponse,
    summary="Look the status up (form post)",
    dependencies=[LookupLimit],
)
async def portal_status_lookup(request: Request) -> HTMLResponse:
    form_data = await request.form(max_files=0, max_fields=10)
    language = _form_language(form_data.get("language"))
    texts = portal_texts(language)
    number = str(form_data.get("number") or "").strip()[:60]
    code = str(form_data.get("code") or "")[:40]
    tracked = await _lookup(request, number, code) if number and code else None
    if tracked is None:
        return _page(
            request,
            "status.html",
            texts,
            status_code=404,
            number=number,
            result=None,
            not_found=True,
        )
    return _page(
        request,
        "status.html",
        texts,
        number=number,
        result=public_status(tracked, language),
        not_found=False,
    )
