"""Lead fields and the headers that name them, in English and Chinese.

Lead lists come from spreadsheets made by hand: a phone column may be headed ``手机号码``,
``*手机号码（必填）`` or ``Phone Number``. `field_for_header` knows the usual names;
`agent_desk.domain.lead_fields` plans a file's columns with it, and the DNC file reader
finds its phone column the same way.

Fields: ``phone`` (required), ``name``, ``company``, ``priority`` (a whole number, lower
is served first, default 100) are lead columns; ``note``, ``city``, ``email``,
``address`` and ``title`` are kept in the lead's ``extra`` document under the field
name; any other column is kept in ``extra`` under its original header.
"""

from __future__ import annotations

import re
import unicodedata

LEAD_COLUMNS = ("phone", "name", "company", "priority")
EXTRA_FIELDS = ("note", "city", "email", "address", "title")
FIELDS = LEAD_COLUMNS + EXTRA_FIELDS
EXTRA = "extra"  # a column kept in ``extra`` under its own header
SKIP = "skip"  # a column left out of the lead altogether

# The bookkeeping columns of a reject file (see store.lead_rejects): a fixed reject file
# can be imported again without these landing in every lead's ``extra``.
REJECT_COLUMNS = ("reject_row", "reject_line", "reject_status", "reject_reason")

# Multi-word English names are written with "_": spaces, case and punctuation never count.
_ALIASES: dict[str, str] = {
    "phone": "电话 手机 手机号 手机号码 联系电话 电话号码 号码 移动电话 联系方式 联系手机 "
    "手机/电话 电话/手机 客户电话 客户手机 mobile mobile_phone mobile_no mobile_number phone "
    "phone_no phone_number tel telephone tel_no cell cell_phone cell_number contact_number "
    "contact_phone",
    "name": "姓名 客户姓名 客户名 联系人 联系人姓名 名字 name full_name contact contact_name "
    "customer_name",
    "company": "公司 公司名称 公司名 单位 单位名称 工作单位 企业 企业名称 company company_name "
    "organisation organization employer",
    "priority": "优先级 优先 priority prio",
    "note": "备注 说明 备注信息 note notes comment comments remark remarks memo",
    "city": "城市 地区 所在城市 所在地区 city",
    "email": "邮箱 电子邮箱 电子邮件 邮件 email e_mail email_address mail",
    "address": "地址 联系地址 详细地址 通讯地址 address",
    "title": "职位 职务 岗位 title job_title position",
}

_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】|<[^>]*>")


def header_key(header: str) -> str:
    """The comparable form of a header: width, case, spaces, punctuation, notes ignored.

    ``" 手机号码（必填）"``, ``"*手机号码"`` and ``"手机号码："`` all give ``"手机号码"``;
    ``"Phone_Number"`` gives ``"phonenumber"``.
    """
    text = unicodedata.normalize("NFKC", header).casefold()
    key = "".join(ch for ch in _BRACKETED.sub("", text) if ch.isalnum())
    return key or "".join(ch for ch in text if ch.isalnum())


_FIELD_OF_KEY: dict[str, str] = {
    header_key(alias): field for field, aliases in _ALIASES.items() for alias in aliases.split()
}
_FIELD_OF_KEY.update({header_key(column): SKIP for column in REJECT_COLUMNS})


def field_for_header(header: str) -> str | None:
    """The field a header names (``"手机"`` → ``"phone"``), or None when unknown."""
    return _FIELD_OF_KEY.get(header_key(header))
