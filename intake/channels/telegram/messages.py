"""Texts the Telegram bot shows to citizens, in Ukrainian and in Russian.

Ukrainian is the default (state language); Russian is offered on request. Every text
lives in one typed record per language, so a missing translation is a type error rather
than a blank message in production. Texts are plain (no parse mode), so nothing a
citizen typed can break the markup of a reply.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

Language = Literal["uk", "ru"]

TELEGRAM_MESSAGE_LIMIT = 4096
"""Longest text the Bot API accepts in one sendMessage call."""

HOTLINE = "0800 505 600"
STATUS_LIST_MAX_ITEMS = 20


@dataclass(frozen=True, slots=True)
class BotTexts:
    """Every phrase of the bot in one language; placeholders are filled with str.format."""

    greeting: str
    switch_language_button: str
    language_switched: str
    help: str
    unknown_command: str
    group_chat_refused: str
    no_active_dialogue: str
    cancelled: str
    draft_discarded: str
    dialogue_expired: str
    welcome_back: str
    restart_question: str
    continue_button: str
    restart_button: str
    use_buttons: str
    stale_button: str
    ask_name: str
    decline_name_button: str
    anonymous_warning: str
    give_name_button: str
    send_anonymously_button: str
    name_invalid: str
    ask_phone: str
    share_phone_button: str
    skip_phone_button: str
    phone_invalid: str
    foreign_contact: str
    ask_address: str
    address_invalid: str
    ask_text: str
    text_too_short: str
    text_too_long: str
    ask_photos: str
    done_button: str
    skip_photos_button: str
    photo_added: str
    photo_limit_reached: str
    photo_over_limit: str
    text_appended: str
    text_append_too_long: str
    photo_needs_text_first: str
    photo_not_expected: str
    contact_not_expected: str
    image_as_file: str
    voice_not_supported: str
    sticker_not_supported: str
    video_not_supported: str
    location_not_supported: str
    file_not_supported: str
    content_not_supported: str
    summary_header: str
    label_name: str
    label_phone: str
    label_address: str
    label_text: str
    label_photos: str
    value_anonymous: str
    value_no_phone: str
    value_no_photos: str
    value_photo_count: str
    review_question: str
    confirm_button: str
    edit_name_button: str
    edit_phone_button: str
    edit_address_button: str
    edit_text_button: str
    edit_photos_button: str
    cancel_button: str
    ask_consent: str
    consent_yes_button: str
    consent_no_button: str
    consent_refused: str
    submitted: str
    submitted_anonymous_note: str
    edit_applied: str
    edit_rejected: str
    edit_not_applied: str
    edit_without_dialogue: str
    notification_title: str
    notification_status: str
    notification_answer: str
    status_list_empty: str
    status_list_header: str
    status_list_item: str
    status_list_due: str
    status_list_more: str


UKRAINIAN = BotTexts(
    greeting=(
        "Вітаємо! Це бот Дніпропетровського регіонального контактного центру. "
        "Тут можна подати електронне звернення до органів влади.\n\n"
        "Відповідно до Закону України «Про звернення громадян» у зверненні потрібно "
        "вказати прізвище, ім’я та по батькові, місце проживання, суть питання "
        "і контакт для відповіді. Це займе кілька хвилин.\n\n"
        "Скасувати звернення: /cancel. Довідка: /help."
    ),
    switch_language_button="Русский язык",
    language_switched="Мову змінено на українську.",
    help=(
        "Цей бот приймає електронні звернення громадян до Дніпропетровського "
        "регіонального контактного центру.\n\n"
        "Команди:\n"
        "/new — подати нове звернення\n"
        "/status — стан ваших звернень\n"
        "/cancel — скасувати незавершене звернення\n"
        "/lang — змінити мову (українська / русский)\n"
        "/help — ця довідка\n\n"
        f"Гаряча лінія: {HOTLINE} (дзвінки безкоштовні)."
    ),
    unknown_command="Невідома команда. Перелік команд: /help.",
    group_chat_refused=(
        "Бот приймає звернення лише в особистих повідомленнях. "
        "Будь ласка, напишіть боту в приватному чаті."
    ),
    no_active_dialogue="Зараз немає незавершеного звернення. Щоб подати нове, надішліть /new.",
    cancelled="Звернення скасовано, введені дані видалено. Щоб почати знову, надішліть /new.",
    draft_discarded="Попереднє незавершене звернення скасовано, його дані видалено.",
    dialogue_expired=(
        "Попереднє звернення не було завершено понад {hours} год., тому його дані видалено."
    ),
    welcome_back="З поверненням! Ви не завершили звернення, продовжимо з того самого кроку.",
    restart_question="У вас є незавершене звернення. Продовжити його чи почати заново?",
    continue_button="Продовжити",
    restart_button="Почати заново",
    use_buttons="Будь ласка, скористайтеся кнопками під повідомленням.",
    stale_button="Ця кнопка вже не діє.",
    ask_name=(
        "Крок 1 з 5. Напишіть, будь ласка, ваше прізвище, ім’я та по батькові "
        "(наприклад: Шевченко Тарас Григорович)."
    ),
    decline_name_button="Не вказувати ПІБ",
    anonymous_warning=(
        "Зверніть увагу: відповідно до статті 8 Закону України «Про звернення громадян» "
        "анонімне письмове звернення може бути не розглянуте. Ви можете вказати свої дані "
        "або все ж надіслати звернення без ПІБ."
    ),
    give_name_button="Вказати ПІБ",
    send_anonymously_button="Продовжити без ПІБ",
    name_invalid=(
        "Не вдалося розпізнати ПІБ. Напишіть літерами через пробіл прізвище та ім’я "
        "(і по батькові, якщо воно є)."
    ),
    ask_phone=(
        "Крок 2 з 5. Поділіться номером телефону кнопкою «Поділитися номером» "
        "або напишіть його, наприклад +380671234567. Телефон потрібен, щоб з вами могли "
        "зв’язатися щодо звернення. Якщо не бажаєте його вказувати, натисніть "
        "«Без телефону» — відповідь надійде в цей чат."
    ),
    share_phone_button="Поділитися номером",
    skip_phone_button="Без телефону",
    phone_invalid=(
        "Не вдалося розпізнати номер. Вкажіть український номер, наприклад +380671234567 "
        "або 0671234567, чи натисніть кнопку «Поділитися номером»."
    ),
    foreign_contact=(
        "Це контакт іншої особи. Для звернення потрібен ваш власний номер: "
        "натисніть кнопку «Поділитися номером»."
    ),
    ask_address=(
        "Крок 3 з 5. Вкажіть місце проживання: населений пункт, вулицю, номер будинку "
        "і квартири (наприклад: м. Дніпро, вул. Шевченка, 1, кв. 2)."
    ),
    address_invalid=(
        "Адреса закоротка або незрозуміла. Вкажіть населений пункт, вулицю та номер будинку."
    ),
    ask_text=(
        "Крок 4 з 5. Опишіть суть звернення: що сталося, де саме і чого ви просите. "
        "Обсяг — від {min} до {max} символів. Фото можна буде додати на наступному кроці."
    ),
    text_too_short=(
        "Опис закороткий. Розкажіть, будь ласка, докладніше, щоб звернення можна було "
        "розглянути (щонайменше {min} символів)."
    ),
    text_too_long=(
        "Текст містить {length} символів, а звернення через бот може містити не більше "
        "{max}. Будь ласка, скоротіть опис до головного; документи можна додати як фото "
        "на наступному кроці."
    ),
    ask_photos=(
        "Крок 5 з 5. За потреби надішліть до {max} фото (наприклад, документів чи місця "
        "проблеми). Коли закінчите, натисніть «Готово». Якщо фото немає, натисніть "
        "«Пропустити»."
    ),
    done_button="Готово",
    skip_photos_button="Пропустити",
    photo_added="Фото {count} з {max} додано. Надішліть ще або натисніть «Готово».",
    photo_limit_reached="Додано найбільшу дозволену кількість фото ({max}).",
    photo_over_limit="Можна додати не більше {max} фото, тому це фото не додано.",
    text_appended="Текст додано до опису звернення. Надішліть фото або натисніть «Готово».",
    text_append_too_long=(
        "Цей текст не додано: разом із попереднім описом виходить {length} символів, "
        "а найбільше можна {max}."
    ),
    photo_needs_text_first=(
        "Спершу опишіть суть звернення текстом (можна в підписі до фото). "
        "Фото можна буде додати на наступному кроці."
    ),
    photo_not_expected="Фото на цьому кроці не потрібне.",
    contact_not_expected="Номер телефону на цьому кроці не потрібен.",
    image_as_file="Зображення надіслано як файл. Будь ласка, надішліть його як фото.",
    voice_not_supported="Голосові повідомлення бот не обробляє. Будь ласка, напишіть текстом.",
    sticker_not_supported="Стікери бот не обробляє.",
    video_not_supported="Відео бот не приймає.",
    location_not_supported="Геолокацію бот не приймає. Будь ласка, напишіть відповідь текстом.",
    file_not_supported="Файли бот не приймає. Фото документів надсилайте як зображення.",
    content_not_supported="Такий тип повідомлення бот не обробляє.",
    summary_header="Перевірте, будь ласка, дані звернення:",
    label_name="ПІБ",
    label_phone="Телефон",
    label_address="Місце проживання",
    label_text="Суть звернення",
    label_photos="Фото",
    value_anonymous="не вказано (анонімне звернення)",
    value_no_phone="не вказано (відповідь надійде в цей чат)",
    value_no_photos="немає",
    value_photo_count="{count} шт.",
    review_question=(
        "Якщо все правильно, натисніть «Усе правильно». Щоб виправити дані, оберіть "
        "відповідний пункт."
    ),
    confirm_button="Усе правильно",
    edit_name_button="Змінити ПІБ",
    edit_phone_button="Змінити телефон",
    edit_address_button="Змінити адресу",
    edit_text_button="Змінити опис",
    edit_photos_button="Змінити фото",
    cancel_button="Скасувати звернення",
    ask_consent=(
        "Останній крок. Щоб розглянути звернення, контактний центр і органи влади, "
        "до яких його буде надіслано, оброблятимуть ваші персональні дані (ПІБ, телефон, "
        "місце проживання, текст звернення та фото) відповідно до законів України "
        "«Про звернення громадян» і «Про захист персональних даних».\n\n"
        "Чи надаєте ви згоду на обробку ваших персональних даних?"
    ),
    consent_yes_button="Так, надаю згоду",
    consent_no_button="Ні",
    consent_refused=(
        "Без згоди на обробку персональних даних звернення через бот подати неможливо, "
        f"тому введені дані видалено. Ви можете зателефонувати на гарячу лінію {HOTLINE} "
        "(дзвінки безкоштовні) або почати знову командою /new."
    ),
    submitted=(
        "Дякуємо! Ваше звернення надіслано до контактного центру. Щойно його зареєструють, "
        "ми надішлемо сюди реєстраційний номер. Звернення розглядають, як правило, у строк до "
        "одного місяця. Переглянути свої звернення: /status."
    ),
    submitted_anonymous_note=(
        "Нагадуємо: звернення без ПІБ може бути не розглянуте "
        "(стаття 8 Закону України «Про звернення громадян»)."
    ),
    edit_applied="Виправлення враховано.",
    edit_rejected="Виправлення не враховано.",
    edit_not_applied=(
        "Редагування попередніх повідомлень не змінює даних звернення. Виправити дані "
        "можна на етапі перевірки перед надсиланням."
    ),
    edit_without_dialogue=(
        "Редагування повідомлення не змінює вже надісланого звернення. "
        "Щоб подати нове звернення, надішліть /new."
    ),
    notification_title="Звернення № {number}",
    notification_status="Стан: {status}",
    notification_answer="Відповідь:\n{answer}",
    status_list_empty="Ви ще не подавали звернень через цей бот.",
    status_list_header="Ваші звернення:",
    status_list_item="№ {number} від {submitted} — {status}",
    status_list_due="розглянути до {due}",
    status_list_more=f"…і ще {{count}}. Повний перелік можна дізнатися на гарячій лінії {HOTLINE}.",
)

RUSSIAN = BotTexts(
    greeting=(
        "Здравствуйте! Это бот Днепропетровского регионального контактного центра. "
        "Здесь можно подать электронное обращение в органы власти.\n\n"
        "Согласно Закону Украины «Об обращениях граждан» в обращении нужно указать "
        "фамилию, имя и отчество, место жительства, суть вопроса и контакт для ответа. "
        "Это займёт несколько минут.\n\n"
        "Отменить обращение: /cancel. Справка: /help."
    ),
    switch_language_button="Українська мова",
    language_switched="Язык изменён на русский.",
    help=(
        "Этот бот принимает электронные обращения граждан в Днепропетровский "
        "региональный контактный центр.\n\n"
        "Команды:\n"
        "/new — подать новое обращение\n"
        "/status — состояние ваших обращений\n"
        "/cancel — отменить незавершённое обращение\n"
        "/lang — сменить язык (українська / русский)\n"
        "/help — эта справка\n\n"
        f"Горячая линия: {HOTLINE} (звонки бесплатные)."
    ),
    unknown_command="Неизвестная команда. Список команд: /help.",
    group_chat_refused=(
        "Бот принимает обращения только в личных сообщениях. "
        "Пожалуйста, напишите боту в личном чате."
    ),
    no_active_dialogue="Сейчас нет незавершённого обращения. Чтобы подать новое, отправьте /new.",
    cancelled="Обращение отменено, введённые данные удалены. Чтобы начать снова, отправьте /new.",
    draft_discarded="Предыдущее незавершённое обращение отменено, его данные удалены.",
    dialogue_expired=(
        "Предыдущее обращение не было завершено более {hours} ч., поэтому его данные удалены."
    ),
    welcome_back="С возвращением! Вы не завершили обращение, продолжим с того же шага.",
    restart_question="У вас есть незавершённое обращение. Продолжить его или начать заново?",
    continue_button="Продолжить",
    restart_button="Начать заново",
    use_buttons="Пожалуйста, воспользуйтесь кнопками под сообщением.",
    stale_button="Эта кнопка уже не действует.",
    ask_name=(
        "Шаг 1 из 5. Напишите, пожалуйста, вашу фамилию, имя и отчество "
        "(например: Шевченко Тарас Григорьевич)."
    ),
    decline_name_button="Не указывать ФИО",
    anonymous_warning=(
        "Обратите внимание: согласно статье 8 Закона Украины «Об обращениях граждан» "
        "анонимное письменное обращение может быть не рассмотрено. Вы можете указать свои "
        "данные или всё же отправить обращение без ФИО."
    ),
    give_name_button="Указать ФИО",
    send_anonymously_button="Продолжить без ФИО",
    name_invalid=(
        "Не удалось распознать ФИО. Напишите буквами через пробел фамилию и имя "
        "(и отчество, если оно есть)."
    ),
    ask_phone=(
        "Шаг 2 из 5. Поделитесь номером телефона кнопкой «Поделиться номером» "
        "или напишите его, например +380671234567. Телефон нужен, чтобы с вами могли "
        "связаться по обращению. Если не хотите его указывать, нажмите «Без телефона» — "
        "ответ придёт в этот чат."
    ),
    share_phone_button="Поделиться номером",
    skip_phone_button="Без телефона",
    phone_invalid=(
        "Не удалось распознать номер. Укажите украинский номер, например +380671234567 "
        "или 0671234567, или нажмите кнопку «Поделиться номером»."
    ),
    foreign_contact=(
        "Это контакт другого человека. Для обращения нужен ваш собственный номер: "
        "нажмите кнопку «Поделиться номером»."
    ),
    ask_address=(
        "Шаг 3 из 5. Укажите место жительства: населённый пункт, улицу, номер дома "
        "и квартиры (например: г. Днепр, ул. Шевченко, 1, кв. 2)."
    ),
    address_invalid=(
        "Адрес слишком короткий или непонятный. Укажите населённый пункт, улицу и номер дома."
    ),
    ask_text=(
        "Шаг 4 из 5. Опишите суть обращения: что произошло, где именно и о чём вы просите. "
        "Объём — от {min} до {max} символов. Фото можно будет добавить на следующем шаге."
    ),
    text_too_short=(
        "Описание слишком короткое. Расскажите, пожалуйста, подробнее, чтобы обращение "
        "можно было рассмотреть (не менее {min} символов)."
    ),
    text_too_long=(
        "Текст содержит {length} символов, а обращение через бот может содержать не более "
        "{max}. Пожалуйста, сократите описание до главного; документы можно добавить как "
        "фото на следующем шаге."
    ),
    ask_photos=(
        "Шаг 5 из 5. При необходимости отправьте до {max} фото (например, документов или "
        "места проблемы). Когда закончите, нажмите «Готово». Если фото нет, нажмите "
        "«Пропустить»."
    ),
    done_button="Готово",
    skip_photos_button="Пропустить",
    photo_added="Фото {count} из {max} добавлено. Отправьте ещё или нажмите «Готово».",
    photo_limit_reached="Добавлено наибольшее допустимое количество фото ({max}).",
    photo_over_limit="Можно добавить не более {max} фото, поэтому это фото не добавлено.",
    text_appended="Текст добавлен к описанию обращения. Отправьте фото или нажмите «Готово».",
    text_append_too_long=(
        "Этот текст не добавлен: вместе с предыдущим описанием получается {length} символов, "
        "а наибольшее допустимое количество — {max}."
    ),
    photo_needs_text_first=(
        "Сначала опишите суть обращения текстом (можно в подписи к фото). "
        "Фото можно будет добавить на следующем шаге."
    ),
    photo_not_expected="Фото на этом шаге не нужно.",
    contact_not_expected="Номер телефона на этом шаге не нужен.",
    image_as_file="Изображение отправлено как файл. Пожалуйста, отправьте его как фото.",
    voice_not_supported="Голосовые сообщения бот не обрабатывает. Пожалуйста, напишите текстом.",
    sticker_not_supported="Стикеры бот не обрабатывает.",
    video_not_supported="Видео бот не принимает.",
    location_not_supported="Геолокацию бот не принимает. Пожалуйста, напишите ответ текстом.",
    file_not_supported="Файлы бот не принимает. Фото документов отправляйте как изображения.",
    content_not_supported="Такой тип сообщения бот не обрабатывает.",
    summary_header="Проверьте, пожалуйста, данные обращения:",
    label_name="ФИО",
    label_phone="Телефон",
    label_address="Место жительства",
    label_text="Суть обращения",
    label_photos="Фото",
    value_anonymous="не указано (анонимное обращение)",
    value_no_phone="не указан (ответ придёт в этот чат)",
    value_no_photos="нет",
    value_photo_count="{count} шт.",
    review_question=(
        "Если всё верно, нажмите «Всё верно». Чтобы исправить данные, выберите "
        "соответствующий пункт."
    ),
    confirm_button="Всё верно",
    edit_name_button="Изменить ФИО",
    edit_phone_button="Изменить телефон",
    edit_address_button="Изменить адрес",
    edit_text_button="Изменить описание",
    edit_photos_button="Изменить фото",
    cancel_button="Отменить обращение",
    ask_consent=(
        "Последний шаг. Чтобы рассмотреть обращение, контактный центр и органы власти, "
        "куда оно будет направлено, будут обрабатывать ваши персональные данные (ФИО, "
        "телефон, место жительства, текст обращения и фото) в соответствии с законами "
        "Украины «Об обращениях граждан» и «О защите персональных данных».\n\n"
        "Даёте ли вы согласие на обработку ваших персональных данных?"
    ),
    consent_yes_button="Да, даю согласие",
    consent_no_button="Нет",
    consent_refused=(
        "Без согласия на обработку персональных данных подать обращение через бот "
        f"невозможно, поэтому введённые данные удалены. Вы можете позвонить на горячую "
        f"линию {HOTLINE} (звонки бесплатные) или начать заново командой /new."
    ),
    submitted=(
        "Спасибо! Ваше обращение отправлено в контактный центр. Как только его "
        "зарегистрируют, мы пришлём сюда регистрационный номер. Обращения рассматривают, "
        "как правило, в срок до одного месяца. Посмотреть свои обращения: /status."
    ),
    submitted_anonymous_note=(
        "Напоминаем: обращение без ФИО может быть не рассмотрено "
        "(статья 8 Закона Украины «Об обращениях граждан»)."
    ),
    edit_applied="Исправление учтено.",
    edit_rejected="Исправление не учтено.",
    edit_not_applied=(
        "Редактирование предыдущих сообщений не меняет данных обращения. Исправить данные "
        "можно на этапе проверки перед отправкой."
    ),
    edit_without_dialogue=(
        "Редактирование сообщения не меняет уже отправленного обращения. "
        "Чтобы подать новое обращение, отправьте /new."
    ),
    notification_title="Обращение № {number}",
    notification_status="Состояние: {status}",
    notification_answer="Ответ:\n{answer}",
    status_list_empty="Вы ещё не подавали обращений через этот бот.",
    status_list_header="Ваши обращения:",
    status_list_item="№ {number} от {submitted} — {status}",
    status_list_due="рассмотреть до {due}",
    status_list_more=f"…и ещё {{count}}. Полный список можно узнать на горячей линии {HOTLINE}.",
)

_TEXTS: dict[Language, BotTexts] = {"uk": UKRAINIAN, "ru": RUSSIAN}


def texts_for(language: Language) -> BotTexts:
    """The phrase book of one language."""
    return _TEXTS[language]


@dataclass(frozen=True, slots=True)
class AppealStatusItem:
    """One line of the citizen's /status list, as intake reads it from its projection."""

    registration_number: str
    submitted_on: date
    status_text: str
    due_on: date | None = None


def _format_date(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def answer_notification(
    language: Language,
    registration_number: str,
    status_text: str,
    answer_text: str | None,
) -> str:
    """Tell the citizen that their appeal changed status, with the body's answer if any.

    The result may be longer than one Telegram message; send it through
    `split_for_telegram`.
    """
    texts = texts_for(language)
    parts = [
        texts.notification_title.format(number=registration_number),
        texts.notification_status.format(status=status_text),
    ]
    if answer_text:
        parts.append("")
        parts.append(texts.notification_answer.format(answer=answer_text.strip()))
    return "\n".join(parts)


def status_list_message(language: Language, items: Sequence[AppealStatusItem]) -> str:
    """The citizen's appeals, newest first as given, capped so it fits one message."""
    texts = texts_for(language)
    if not items:
        return texts.status_list_empty
    lines = [texts.status_list_header, ""]
    for item in items[:STATUS_LIST_MAX_ITEMS]:
        line = texts.status_list_item.format(
            number=item.registration_number,
            submitted=_format_date(item.submitted_on),
            status=item.status_text,
        )
        if item.due_on is not None:
            line = f"{line}, {texts.status_list_due.format(due=_format_date(item.due_on))}"
        lines.append(line)
    hidden = len(items) - STATUS_LIST_MAX_ITEMS
    if hidden > 0:
        lines.append("")
        lines.append(texts.status_list_more.format(count=hidden))
    return "\n".join(lines)


def split_for_telegram(text: str, limit: int = TELEGRAM_MESSAGE_LIMIT) -> list[str]:
    """Cut a long text into messages Telegram accepts, preferring line and word breaks."""
    if limit < 1:
        raise ValueError("limit must be positive")
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = window.rfind("\n")
        if cut <= 0:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit
        if rest[:cut].strip():
            chunks.append(rest[:cut])
        rest = rest[cut:].lstrip("\n ") if cut < limit else rest[cut:]
    if rest.strip() or not chunks:
        chunks.append(rest)
    return chunks
