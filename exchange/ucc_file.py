"""The UCC export file (CSV or XLSX) with its Ukrainian column headers (domain B §2.4).

Staff move appeals between the UCC web system and the region with these files, so the
import must accept what Excel and the UCC produce (UTF-8 with or without BOM, ``;`` or
``,``, ``дд.мм.рррр гг:хв`` dates) and say, row by row, which column is wrong. Times in
the file are Kyiv wall-clock time to the minute; in memory they are aware datetimes.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

KYIV = ZoneInfo("Europe/Kyiv")
DATETIME_FORMAT = "%d.%m.%Y %H:%M"
DATE_FORMAT = "%d.%m.%Y"
_DATETIME_INPUT_FORMATS = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y")
_YES = frozenset({"так", "1", "true", "yes", "да", "+"})
_NO = frozenset({"ні", "0", "false", "no", "нет", "-"})
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")
_APOSTROPHES = re.compile("[’ʼ`´‘]")


class UccFileError(ValueError):
    """The file as a whole cannot be read (format, encoding or missing columns)."""


def _text(value: object) -> object:
    """Excel stores phone numbers and codes as numbers; the file means them as text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return value


def _kyiv_datetime(value: object) -> object:
    if isinstance(value, datetime):
        return value.replace(tzinfo=KYIV) if value.tzinfo is None else value.astimezone(KYIV)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=KYIV)
    if isinstance(value, str):
        text = value.strip()
        for pattern in _DATETIME_INPUT_FORMATS:
            try:
                return datetime.strptime(text, pattern).replace(tzinfo=KYIV)
            except ValueError:
                continue
        try:
            return _kyiv_datetime(datetime.fromisoformat(text))
        except ValueError:
            pass
    raise PydanticCustomError(
        "ucc_datetime",
        "Очікується дата й час у форматі дд.мм.рррр гг:хв, отримано «{value}»",
        {"value": str(value)},
    )


def _plain_date(value: object) -> object:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        moment = _kyiv_datetime(value)
    except PydanticCustomError:
        raise PydanticCustomError(
            "ucc_date",
            "Очікується дата у форматі дд.мм.рррр, отримано «{value}»",
            {"value": str(value)},
        ) from None
    assert isinstance(moment, datetime)
    return moment.date()


def _yes_no(value: object) -> object:
    if isinstance(value, bool):
        return value
    text = str(_text(value)).strip().casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise PydanticCustomError(
        "ucc_yes_no", "Очікується «Так» або «Ні», отримано «{value}»", {"value": str(value)}
    )


Text = Annotated[str, BeforeValidator(_text)]
KyivDateTime = Annotated[datetime, BeforeValidator(_kyiv_datetime)]
FileDate = Annotated[date, BeforeValidator(_plain_date)]
YesNo = Annotated[bool, BeforeValidator(_yes_no)]


class UccFileRow(BaseModel):
    """One appeal as the UCC exports it; aliases are the exact column headers."""

    model_config = ConfigDict(
        populate_by_name=True, extra="forbid", frozen=True, str_strip_whitespace=True
    )

    source: Text | None = Field(default=None, alias="Джерело")
    priority: Text | None = Field(default=None, alias="Пріоритет")
    ucc_number: Text = Field(min_length=1, alias="№ звернення")
    status: Text = Field(min_length=1, alias="Статус")
    sub_status: Text | None = Field(default=None, alias="Підстатус")
    created_at: KyivDateTime = Field(alias="Створено")
    executors: Text | None = Field(default=None, alias="Виконавці")
    topic: Text | None = Field(default=None, alias="Питання")
    text: Text | None = Field(default=None, alias="Зміст")
    files: Text | None = Field(default=None, alias="Файли")
    territorial_unit: Text | None = Field(default=None, alias="Територіальна одиниця")
    changed_at: KyivDateTime | None = Field(default=None, alias="Змінено")
    sent_at: KyivDateTime | None = Field(default=None, alias="Відправлено")
    special_condition: Text | None = Field(default=None, alias="За особливою умовою")
    subject: Text | None = Field(default=None, alias="За суб'єктом")
    applicant: Text | None = Field(default=None, alias="Заявник")
    applicant_type: Text | None = Field(default=None, alias="Тип заявника")
    sex: Text | None = Field(default=None, alias="Стать")
    address: Text | None = Field(default=None, alias="Адреса")
    phone: Text | None = Field(default=None, alias="Телефон")
    email: Text | None = Field(default=None, alias="E-mail")
    social_status: Text | None = Field(default=None, alias="Соціальний стан")
    category: Text | None = Field(default=None, alias="Категорія")
    birth_date: FileDate | None = Field(default=None, alias="Дата народження")
    edrpou_or_tax_id: Text | None = Field(default=None, alias="Код ЄДРПОУ/ІНН")
    ownership_form: Text | None = Field(default=None, alias="Форма власності")
    contact_person: Text | None = Field(default=None, alias="Контактна особа")
    author: Text | None = Field(default=None, alias="Автор")
    closed_at: KyivDateTime | None = Field(default=None, alias="Закрито")
    due_date: FileDate | None = Field(default=None, alias="Вирішити до")
    answer_date: FileDate | None = Field(default=None, alias="Дата відповіді")
    answered_by: Text | None = Field(default=None, alias="Відповідь надано")
    outgoing_number: Text | None = Field(default=None, alias="Вихідний номер")
    needs_callback: YesNo | None = Field(default=None, alias="Потребує дзвінка")
    callback_result: Text | None = Field(default=None, alias="Результат зворотного зв'язку")
    callback_planned_date: FileDate | None = Field(
        default=None, alias="Планова дата зворотнього зв'язку"
    )
    callback_executor: Text | None = Field(default=None, alias="Виконавець зворотнього зв'язку")
    accepted_at: KyivDateTime | None = Field(default=None, alias="Прийнято")
    comments: Text | None = Field(default=None, alias="Коментарі")

    @model_validator(mode="before")
    @classmethod
    def _blank_cells_are_absent(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {
                key: value
                for key, value in data.items()
                if value is not None and not (isinstance(value, str) and not value.strip())
            }
        return data


COLUMNS: tuple[str, ...] = tuple(
    field.alias or name for name, field in UccFileRow.model_fields.items()
)
REQUIRED_COLUMNS: tuple[str, ...] = tuple(
    field.alias or name for name, field in UccFileRow.model_fields.items() if field.is_required()
)
_MISSING_MESSAGE = "Обов'язкове поле не заповнене"


class CellError(BaseModel):
    """What is wrong in one cell, named by its column header."""

    model_config = ConfigDict(frozen=True)

    column: str
    message: str


class RowResult(BaseModel):
    """One data row: either the parsed row or the errors that stopped it."""

    model_config = ConfigDict(frozen=True)

    row_number: int = Field(description="Line in the file as a spreadsheet counts it (header=1)")
    row: UccFileRow | None = None
    errors: tuple[CellError, ...] = ()

    @property
    def ok(self) -> bool:
        return self.row is not None


def _header_key(header: object) -> str:
    text = _APOSTROPHES.sub("'", str(header or ""))
    return " ".join(text.split()).casefold()


_COLUMN_BY_KEY = {_header_key(column): column for column in COLUMNS}


def escape_formula(value: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_TRIGGERS) else value


def unescape_formula(value: str) -> str:
    """Undo ``escape_formula``; the two are exact inverses on every string."""
    if value.startswith("'") and value[1:].startswith(_FORMULA_TRIGGERS):
        return value[1:]
    return value


def _parse_rows(table: Iterable[Sequence[object]], *, unescape: bool) -> list[RowResult]:
    rows = iter(table)
    header = next(rows, None)
    if header is None:
        raise UccFileError("Файл порожній: немає рядка заголовків.")
    columns = [_COLUMN_BY_KEY.get(_header_key(cell)) for cell in header]
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        raise UccFileError("У файлі немає обов'язкових стовпців: " + ", ".join(missing) + ".")
    results: list[RowResult] = []
    for row_number, cells in enumerate(rows, start=2):
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        record = {
            column: unescape_formula(cell) if unescape and isinstance(cell, str) else cell
            for column, cell in zip(columns, cells, strict=False)
            if column is not None
        }
        results.append(_validate_row(row_number, record))
    return results


def _validate_row(row_number: int, record: dict[str, object]) -> RowResult:
    try:
        return RowResult(row_number=row_number, row=UccFileRow.model_validate(record))
    except ValidationError as error:
        errors = tuple(
            CellError(
                column=str(detail["loc"][0]) if detail["loc"] else "",
                message=_MISSING_MESSAGE if detail["type"] == "missing" else detail["msg"],
            )
            for detail in error.errors()
        )
        return RowResult(row_number=row_number, errors=errors)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251")


def _read_csv(data: bytes) -> list[RowResult]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    table = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _parse_rows(table, unescape=True)


def _read_xlsx(data: bytes) -> list[RowResult]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise UccFileError(f"Не вдалося відкрити файл XLSX: {error}") from error
    try:
        sheet = workbook.worksheets[0]
        return _parse_rows(sheet.iter_rows(values_only=True), unescape=False)
    finally:
        workbook.close()


def read_ucc_file(data: bytes, filename: str) -> list[RowResult]:
    """Parse a UCC export; the extension of ``filename`` picks CSV or XLSX."""
    suffix = filename.rsplit(".", 1)[-1].casefold() if "." in filename else ""
    if suffix == "xlsx":
        return _read_xlsx(data)
    if suffix in {"csv", "txt"}:
        return _read_csv(data)
    raise UccFileError(f"Непідтримуваний формат файлу «{filename}»: потрібен CSV або XLSX.")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Так" if value else "Ні"
    if isinstance(value, datetime):
        return value.astimezone(KYIV).strftime(DATETIME_FORMAT)
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    return escape_formula(str(value))


def _row_values(row: UccFileRow) -> list[object]:
    values = row.model_dump(by_alias=True)
    return [values[column] for column in COLUMNS]


def _write_csv(rows: Iterable[UccFileRow]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell_text(value) for value in _row_values(row)])
    return buffer.getvalue().encode("utf-8-sig")


def _write_xlsx(rows: Iterable[UccFileRow]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Звернення")
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in _row_values(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet: Any, value: object) -> object:
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value.astimezone(KYIV).replace(tzinfo=None))
        cell.number_format = "DD.MM.YYYY HH:MM"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD.MM.YYYY"
        return cell
    if isinstance(value, bool):
        return "Так" if value else "Ні"
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
        return cell
    return value


def write_ucc_file(rows: Iterable[UccFileRow], fmt: Literal["csv", "xlsx"]) -> bytes:
    """Write rows with every UCC column, in the UCC's order.

    CSV is UTF-8 with BOM and ``;`` so Excel in a Ukrainian locale opens it as is; cells
    that would start a formula are prefixed with ``'`` (undone on reading). XLSX keeps
    text cells as text and drops characters XML cannot hold.
    """
    if fmt == "csv":
        return _write_csv(rows)
    return _write_xlsx(rows)
