"""Every text the web portal shows a citizen, in Ukrainian and in Russian.

Plain, polite words without legal jargon: a citizen must understand what to correct, why
something was refused and what happens next.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Language = Literal["uk", "ru"]
HOTLINE = "0800 505 600"


@dataclass(frozen=True)
class PortalTexts:
    html_lang: str
    switch_language_label: str
    switch_language_code: Language
    site_title: str
    form_title: str
    form_intro: str
    required_note: str
    label_full_name: str
    hint_full_name: str
    label_residence: str
    hint_residence: str
    label_text: str
    hint_text: str
    label_email: str
    label_phone: str
    hint_contact: str
    label_attachments: str
    hint_attachments: str
    label_consent: str
    submit_button: str
    errors_heading: str
    # field messages
    text_missing: str
    text_too_short: str
    text_too_long: str
    contact_missing: str
    email_invalid: str
    phone_invalid: str
    consent_missing: str
    name_too_long: str
    residence_too_long: str
    attachment_too_many: str
    attachment_too_large: str
    attachment_wrong_type: str
    attachment_empty: str
    # accepted
    accepted_title: str
    accepted_intro: str
    accepted_reference: str
    accepted_code: str
    accepted_code_warning: str
    accepted_next: str
    accepted_anonymous_note: str
    accepted_status_link: str
    # status lookup
    status_title: str
    status_intro: str
    label_number: str
    label_code: str
    status_button: str
    status_not_found: str
    status_number: str
    status_pending_number: str
    status_state: str
    status_body: str
    status_due: str
    status_answer: str
    status_answered_at: str
    status_no_answer: str
    # refusals
    too_many_title: str
    too_many_text: str
    too_large_title: str
    too_large_text: str
    back_to_form: str
    statuses: dict[str, str]


_STATUSES_UK = {
    "received": "отримано, реєструється",
    "registered": "зареєстровано",
    "resolved_on_contact": "надано роз'яснення",
    "routed": "передано на розгляд",
    "in_work": "розглядається",
    "extended": "строк розгляду продовжено",
    "answered": "надано відповідь",
    "on_check": "відповідь перевіряється",
    "returned_for_rework": "відповідь доопрацьовується",
    "closed": "розгляд завершено",
    "returned_to_applicant": "повернуто заявникові",
    "forwarded": "переслано за належністю",
    "not_considered": "не розглядається (ст. 8 Закону)",
    "redirected": "передається іншому органу",
}
_STATUSES_RU = {
    "received": "получено, регистрируется",
    "registered": "зарегистрировано",
    "resolved_on_contact": "предоставлено разъяснение",
    "routed": "передано на рассмотрение",
    "in_work": "рассматривается",
    "extended": "срок рассмотрения продлён",
    "answered": "предоставлен ответ",
    "on_check": "ответ проверяется",
    "returned_for_rework": "ответ дорабатывается",
    "closed": "рассмотрение завершено",
    "returned_to_applicant": "возвращено заявителю",
    "forwarded": "переслано по принадлежности",
    "not_considered": "не рассматривается (ст. 8 Закона)",
    "redirected": "передаётся другому органу",
}

UKRAINIAN = PortalTexts(
    html_lang="uk",
    switch_language_label="Русский язык",
    switch_language_code="ru",
    site_title="Регіональний контактний центр Дніпропетровської області",
    form_title="Електронне звернення",
    form_intro=(
        "Тут можна надіслати звернення до органів влади області. Ми зареєструємо його, "
        "передамо тому, хто має його розглянути, і повідомимо вас про відповідь."
    ),
    required_note="Поля, позначені *, обов'язкові.",
    label_full_name="Прізвище, ім'я та по батькові",
    hint_full_name=(
        "Якщо не вказати ім'я, звернення буде анонімним, і його можуть не розглянути "
        "(ст. 8 Закону «Про звернення громадян»)."
    ),
    label_residence="Місце проживання",
    hint_residence="Населений пункт, вулиця, будинок (квартира).",
    label_text="Суть звернення *",
    hint_text="Що сталося, де саме і чого ви просите.",
    label_email="Електронна пошта",
    label_phone="Телефон",
    hint_contact="Вкажіть пошту або телефон (хоча б одне) — так ми надішлемо вам відповідь.",
    label_attachments="Файли (необов'язково)",
    hint_attachments="До {count} файлів: фото JPEG або PNG чи документ PDF, до {size} МБ кожен.",
    label_consent=(
        "Я даю згоду на обробку моїх персональних даних для розгляду цього звернення "
        "(Закон «Про захист персональних даних»). *"
    ),
    submit_button="Надіслати звернення",
    errors_heading="Будь ласка, виправте:",
    text_missing="Опишіть суть звернення.",
    text_too_short="Опишіть суть звернення докладніше: щонайменше {min} символів.",
    text_too_long="Текст задовгий: {length} символів, можна до {max}.",
    contact_missing=(
        "Вкажіть електронну пошту або номер телефону, щоб ми могли надіслати вам відповідь."
    ),
    email_invalid="Перевірте адресу електронної пошти, наприклад: ivan.petrenko@example.com.",
    phone_invalid="Перевірте номер телефону, наприклад: +380 67 123 45 67.",
    consent_missing=(
        "Без вашої згоди на обробку персональних даних ми не можемо розглянути звернення."
    ),
    name_too_long="Ім'я задовге: можна до {max} символів.",
    residence_too_long="Адреса задовга: можна до {max} символів.",
    attachment_too_many="Забагато файлів: можна до {max}.",
    attachment_too_large="Файл «{name}» завеликий: можна до {max} МБ.",
    attachment_wrong_type="Файл «{name}» не підходить: приймаємо фото JPEG, PNG або документ PDF.",
    attachment_empty="Файл «{name}» порожній.",
    accepted_title="Звернення прийнято",
    accepted_intro=(
        "Дякуємо! Ваше звернення збережено й передано на реєстрацію. "
        "Реєстраційний номер з'явиться на сторінці перевірки стану протягом кількох хвилин."
    ),
    accepted_reference="Код подання",
    accepted_code="Ваш код перевірки",
    accepted_code_warning=(
        "Запишіть або збережіть цей код: ми не зберігаємо його у відкритому вигляді "
        "й не зможемо показати ще раз. Разом із номером звернення він дає змогу дізнатися "
        "стан розгляду."
    ),
    accepted_next=(
        "Відповідь органу надійде на вказану вами пошту або телефон; її також буде видно "
        "на сторінці перевірки стану."
    ),
    accepted_anonymous_note=(
        "Ви не вказали ім'я або місце проживання. Таке звернення вважається анонімним і, "
        "згідно зі ст. 8 Закону «Про звернення громадян», може бути не розглянуте. "
        "Ми все одно його зареєстрували."
    ),
    accepted_status_link="Перевірити стан звернення",
    status_title="Стан звернення",
    status_intro="Введіть номер звернення (або код подання) і код перевірки.",
    label_number="Номер звернення або код подання",
    label_code="Код перевірки",
    status_button="Перевірити",
    status_not_found=(
        "Звернення з таким номером і кодом не знайдено. Перевірте, чи правильно введено "
        f"обидва значення, або зателефонуйте на гарячу лінію {HOTLINE} (безкоштовно)."
    ),
    status_number="Номер звернення",
    status_pending_number="ще реєструється",
    status_state="Стан",
    status_body="Розглядає",
    status_due="Розглянути до",
    status_answer="Відповідь",
    status_answered_at="Дата відповіді",
    status_no_answer="Відповіді ще немає.",
    too_many_title="Забагато спроб",
    too_many_text=(
        "З вашої адреси надійшло забагато запитів. Будь ласка, спробуйте ще раз "
        "приблизно через {minutes} хв. Якщо справа термінова, телефонуйте на гарячу лінію "
        f"{HOTLINE} (безкоштовно)."
    ),
    too_large_title="Завеликий обсяг",
    too_large_text=(
        "Надіслані дані завеликі (можна до {max} МБ разом із файлами). Зменште або "
        "приберіть файли й надішліть ще раз."
    ),
    back_to_form="Повернутися до форми",
    statuses=_STATUSES_UK,
)

RUSSIAN = PortalTexts(
    html_lang="ru",
    switch_language_label="Українська мова",
    switch_language_code="uk",
    site_title="Региональный контактный центр Днепропетровской области",
    form_title="Электронное обращение",
    form_intro=(
        "Здесь можно отправить обращение в органы власти области. Мы зарегистрируем его, "
        "передадим тому, кто должен его рассмотреть, и сообщим вам об ответе."
    ),
    required_note="Поля, отмеченные *, обязательны.",
    label_full_name="Фамилия, имя и отчество",
    hint_full_name=(
        "Если не указать имя, обращение будет анонимным, и его могут не рассмотреть "
        "(ст. 8 Закона «Об обращениях граждан»)."
    ),
    label_residence="Место проживания",
    hint_residence="Населённый пункт, улица, дом (квартира).",
    label_text="Суть обращения *",
    hint_text="Что случилось, где именно и о чём вы просите.",
    label_email="Электронная почта",
    label_phone="Телефон",
    hint_contact="Укажите почту или телефон (хотя бы одно) — так мы отправим вам ответ.",
    label_attachments="Файлы (необязательно)",
    hint_attachments="До {count} файлов: фото JPEG или PNG либо документ PDF, до {size} МБ каждый.",
    label_consent=(
        "Я даю согласие на обработку моих персональных данных для рассмотрения этого "
        "обращения (Закон «О защите персональных данных»). *"
    ),
    submit_button="Отправить обращение",
    errors_heading="Пожалуйста, исправьте:",
    text_missing="Опишите суть обращения.",
    text_too_short="Опишите суть обращения подробнее: не меньше {min} символов.",
    text_too_long="Текст слишком длинный: {length} символов, можно до {max}.",
    contact_missing=(
        "Укажите электронную почту или номер телефона, чтобы мы могли отправить вам ответ."
    ),
    email_invalid="Проверьте адрес электронной почты, например: ivan.petrenko@example.com.",
    phone_invalid="Проверьте номер телефона, например: +380 67 123 45 67.",
    consent_missing=(
        "Без вашего согласия на обработку персональных данных мы не можем рассмотреть обращение."
    ),
    name_too_long="Имя слишком длинное: можно до {max} символов.",
    residence_too_long="Адрес слишком длинный: можно до {max} символов.",
    attachment_too_many="Слишком много файлов: можно до {max}.",
    attachment_too_large="Файл «{name}» слишком большой: можно до {max} МБ.",
    attachment_wrong_type="Файл «{name}» не подходит: принимаем фото JPEG, PNG или документ PDF.",
    attachment_empty="Файл «{name}» пустой.",
    accepted_title="Обращение принято",
    accepted_intro=(
        "Спасибо! Ваше обращение сохранено и передано на регистрацию. "
        "Регистрационный номер появится на странице проверки состояния в течение нескольких минут."
    ),
    accepted_reference="Код подачи",
    accepted_code="Ваш код проверки",
    accepted_code_warning=(
        "Запишите или сохраните этот код: мы не храним его в открытом виде и не сможем "
        "показать ещё раз. Вместе с номером обращения он позволяет узнать состояние рассмотрения."
    ),
    accepted_next=(
        "Ответ органа придёт на указанную вами почту или телефон; его также будет видно "
        "на странице проверки состояния."
    ),
    accepted_anonymous_note=(
        "Вы не указали имя или место проживания. Такое обращение считается анонимным и, "
        "согласно ст. 8 Закона «Об обращениях граждан», может быть не рассмотрено. "
        "Мы всё равно его зарегистрировали."
    ),
    accepted_status_link="Проверить состояние обращения",
    status_title="Состояние обращения",
    status_intro="Введите номер обращения (или код подачи) и код проверки.",
    label_number="Номер обращения или код подачи",
    label_code="Код проверки",
    status_button="Проверить",
    status_not_found=(
        "Обращение с таким номером и кодом не найдено. Проверьте, правильно ли введены оба "
        f"значения, или позвоните на горячую линию {HOTLINE} (бесплатно)."
    ),
    status_number="Номер обращения",
    status_pending_number="ещё регистрируется",
    status_state="Состояние",
    status_body="Рассматривает",
    status_due="Рассмотреть до",
    status_answer="Ответ",
    status_answered_at="Дата ответа",
    status_no_answer="Ответа пока нет.",
    too_many_title="Слишком много попыток",
    too_many_text=(
        "С вашего адреса поступило слишком много запросов. Пожалуйста, попробуйте ещё раз "
        "примерно через {minutes} мин. Если дело срочное, звоните на горячую линию "
        f"{HOTLINE} (бесплатно)."
    ),
    too_large_title="Слишком большой объём",
    too_large_text=(
        "Отправленные данные слишком велики (можно до {max} МБ вместе с файлами). Уменьшите "
        "или уберите файлы и отправьте ещё раз."
    ),
    back_to_form="Вернуться к форме",
    statuses=_STATUSES_RU,
)

_TEXTS: dict[Language, PortalTexts] = {"uk": UKRAINIAN, "ru": RUSSIAN}


def portal_texts(language: str | None) -> PortalTexts:
    """The phrase book of `language`; Ukrainian unless Russian is asked for."""
    return RUSSIAN if language == "ru" else UKRAINIAN


def status_name(language: str | None, status: str) -> str:
    return portal_texts(language).statuses.get(status, status)
