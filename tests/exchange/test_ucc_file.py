import io
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from exchange.ucc_file import (
    COLUMNS,
    UccFileError,
    UccFileRow,
    escape_formula,
    read_ucc_file,
    unescape_formula,
    write_ucc_file,
)

KYIV = ZoneInfo("Europe/Kyiv")
Format = Literal["csv", "xlsx"]


def full_row(**changes: object) -> UccFileRow:
    values: dict[str, object] = {
        "Джерело": "1545",
        "Пріоритет": "Звичайний",
        "№ звернення": "UCC-2026-000123",
        "Статус": "В роботі",
        "Підстатус": "Направлено виконавцю",
        "Створено": datetime(2026, 3, 2, 9, 30, tzinfo=KYIV),
        "Виконавці": "Дніпровська міська рада",
        "Питання": "015",
        "Зміст": "Немає гарячої води.\nТретій тиждень.",
        "Змінено": datetime(2026, 3, 3, 14, 5, tzinfo=KYIV),
        "За суб'єктом": "Індивідуальне",
        "Заявник": "Коваленко Марія Петрівна",
        "Тип заявника": "Фізична особа",
        "Стать": "Жіноча",
        "Адреса": "м. Дніпро, вул. Січеславська, 1",
        "Телефон": "+380501234567",
        "E-mail": "maria@example.com",
        "Соціальний стан": "пенсіонер",
        "Категорія": "7.6",
        "Дата народження": date(1950, 1, 31),
        "Код ЄДРПОУ/ІНН": "00012345",
        "Вирішити до": date(2026, 4, 1),
        "Потребує дзвінка": True,
        "Результат зворотного зв'язку": "Задоволений",
        "Планова дата зворотнього зв'язку": date(2026, 4, 5),
        "Прийнято": datetime(2026, 3, 2, 10, 0, tzinfo=KYIV),
        "Коментарі": "=1+1 не формула",
    }
    values.update(changes)
    return UccFileRow.model_validate(values)


def csv_bytes(lines: list[str], *, bom: bool) -> bytes:
    return "\r\n".join(lines).encode("utf-8-sig" if bom else "utf-8")


class TestRoundTrip:
    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_every_column_survives(self, fmt: Format) -> None:
        row = full_row()

        [result] = read_ucc_file(write_ucc_file([row], fmt), f"export.{fmt}")

        assert result.errors == ()
        assert result.row == row

    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_headers_are_the_ucc_columns_in_order(self, fmt: Format) -> None:
        data = write_ucc_file([full_row()], fmt)

        if fmt == "csv":
            header = data.decode("utf-8-sig").split("\r\n", 1)[0].split(";")
        else:
            sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
            header = [str(cell) for cell in next(sheet.iter_rows(values_only=True))]

        assert header == list(COLUMNS)
        assert header[:9] == [
            "Джерело",
            "Пріоритет",
            "№ звернення",
            "Статус",
            "Підстатус",
            "Створено",
            "Виконавці",
            "Питання",
            "Зміст",
        ]
        assert len(header) == 39

    def test_xlsx_keeps_formula_like_text_as_text(self) -> None:
        data = write_ucc_file([full_row(**{"Коментарі": '=HYPERLINK("http://x")'})], "xlsx")

        sheet = load_workbook(io.BytesIO(data)).worksheets[0]
        comment = sheet.cell(row=2, column=COLUMNS.index("Коментарі") + 1)

        assert comment.data_type == "s"

    def test_csv_cells_never_start_a_formula(self) -> None:
        text = write_ucc_file([full_row()], "csv").decode("utf-8-sig")

        cells = [cell for line in text.split("\r\n")[1:] for cell in line.split(";")]

        assert not [cell for cell in cells if cell.startswith(("=", "+", "@"))]

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        text=st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=60)
        .map(str.strip)
        .filter(bool),
        created=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)).map(
            lambda moment: moment.replace(second=0, microsecond=0, tzinfo=KYIV)
        ),
        due=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
        fmt=st.sampled_from(["csv", "xlsx"]),
    )
    def test_any_text_and_dates_round_trip(
        self, text: str, created: datetime, due: date, fmt: Format
    ) -> None:
        row = full_row(**{"Зміст": text, "Заявник": text, "Створено": created, "Вирішити до": due})

        [result] = read_ucc_file(write_ucc_file([row], fmt), f"x.{fmt}")

        assert result.row == row


@given(st.text())
def test_formula_escaping_is_exactly_undone(value: str) -> None:
    assert unescape_formula(escape_formula(value)) == value


class TestReadingWhatOthersWrite:
    @pytest.mark.parametrize("bom", [True, False])
    @pytest.mark.parametrize("delimiter", [";", ","])
    def test_csv_dialects(self, bom: bool, delimiter: str) -> None:
        lines = [
            delimiter.join(
                ["№ звернення", "Статус", "Створено", "Вирішити до", "Потребує дзвінка"]
            ),
            delimiter.join(["UCC-2026-000001", "Закрито", "05.01.2026 8:07", "04.02.2026", "ні"]),
        ]

        [result] = read_ucc_file(csv_bytes(lines, bom=bom), "export.csv")

        assert result.row is not None
        assert result.row.created_at == datetime(2026, 1, 5, 8, 7, tzinfo=KYIV)
        assert result.row.due_date == date(2026, 2, 4)
        assert result.row.needs_callback is False

    def test_headers_with_typographic_apostrophes_and_spaces_match(self) -> None:
        lines = [
            "№ звернення;Статус;Створено;За суб’єктом; Результат  зворотного зв’язку ",
            "UCC-2026-000002;В роботі;05.01.2026 08:07;Колективне;Не задоволений",
        ]

        [result] = read_ucc_file(csv_bytes(lines, bom=False), "export.csv")

        assert result.row is not None
        assert result.row.subject == "Колективне"
        assert result.row.callback_result == "Не задоволений"

    def test_errors_name_the_column(self) -> None:
        lines = [
            "№ звернення;Статус;Створено;Вирішити до;Потребує дзвінка",
            "UCC-2026-000001;В роботі;05.01.2026 08:07;04.02.2026;так",
            "UCC-2026-000002;;32.01.2026;завтра;можливо",
            ";;;;",
        ]

        good, bad = read_ucc_file(csv_bytes(lines, bom=True), "export.csv")

        assert good.ok and good.row_number == 2
        assert not bad.ok and bad.row_number == 3
        assert [error.column for error in bad.errors] == [
            "Статус",
            "Створено",
            "Вирішити до",
            "Потребує дзвінка",
        ]
        assert bad.errors[0].message == "Обов'язкове поле не заповнене"

    def test_missing_required_column_refuses_the_file(self) -> None:
        with pytest.raises(UccFileError, match="Створено"):
            read_ucc_file(csv_bytes(["№ звернення;Статус", "UCC-1;Нове"], bom=False), "a.csv")

    def test_unknown_format_is_refused(self) -> None:
        with pytest.raises(UccFileError, match="CSV або XLSX"):
            read_ucc_file(b"", "export.pdf")

    def test_xlsx_numbers_and_real_dates_as_excel_stores_them(self) -> None:
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.append(["№ звернення", "Статус", "Створено", "Телефон", "Код ЄДРПОУ/ІНН"])
        sheet.append(
            ["UCC-2026-000003", "Нове", datetime(2026, 1, 5, 8, 7), 380501234567, 12345678]
        )
        buffer = io.BytesIO()
        workbook.save(buffer)

        [result] = read_ucc_file(buffer.getvalue(), "export.XLSX")

        assert result.row is not None
        assert result.row.created_at == datetime(2026, 1, 5, 8, 7, tzinfo=KYIV)
        assert result.row.phone == "380501234567"
        assert result.row.edrpou_or_tax_id == "12345678"
