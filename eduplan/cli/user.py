"""eduplan user add|list|regions|password|token: accounts, their regions and API tokens."""

from __future__ import annotations

import typer
from rich.table import Table

from eduplan.cli.common import console, migrated_engine
from eduplan.domain import Role

user_app = typer.Typer(help="用户与 API 令牌管理。", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")


@user_app.command("add")
def add(
    username: str = typer.Argument(..., help="用户名"),
    role: Role = typer.Option(..., "--role", help="角色：admin 管理员、planner 规划科、unit 责任单位、viewer 只读"),
    unit: str | None = typer.Option(None, "--unit", help="责任单位名称（unit 角色必填）"),
    region: list[str] = typer.Option([], "--region", help="可填报的区域（名称或区划代码，可重复；unit 角色必填，"
                                                          "下级区域需单独授予）"),
    name: str = typer.Option("", "--name", help="显示名"),
    password: str | None = typer.Option(None, "--password", help="密码（省略则生成随机密码并显示一次）"),
) -> None:
    """创建用户（责任单位用户需 --unit 和至少一个 --region）。"""
    from eduplan.services.accounts.users import create_user, generate_password

    secret = password or generate_password()
    info = create_user(migrated_engine(), username, secret, role.value, unit=unit, display_name=name, regions=region)
    extra = "".join(f"，{x}" for x in (info.unit_name, "、".join(info.regions)) if x)
    console.print(f"已创建用户 {info.username}（{Role(info.role).label}{extra}）", highlight=False)
    if not password:
        console.print(f"初始密码（只显示这一次）：{secret}", highlight=False)


@user_app.command("list")
def list_() -> None:
    """列出用户。"""
    from eduplan.services.accounts.users import list_users

    table = Table("用户名", "显示名", "角色", "责任单位", "区域", "状态")
    for u in list_users(migrated_engine()):
        table.add_row(u.username, u.display_name, Role(u.role).label, u.unit_name or "", "、".join(u.regions),
                      "启用" if u.is_active else "停用")
    console.print(table)


@user_app.command("regions")
def regions(
    username: str = typer.Argument(..., help="用户名"),
    region: list[str] = typer.Option(..., "--region", help="可填报的区域（名称或区划代码，可重复；替换原有区域）"),
) -> None:
    """设置用户可填报的区域（替换原有区域；该用户已有的会话随之失效）。"""
    from eduplan.services.accounts.users import set_user_regions

    info = set_user_regions(migrated_engine(), username, region)
    console.print(f"{info.username} 可填报的区域：{'、'.join(info.regions)}", highlight=False)


@user_app.command("password")
def password(
    username: str = typer.Argument(..., help="用户名"),
    new: str | None = typer.Option(None, "--password", help="新密码（省略则生成随机密码并显示一次）"),
) -> None:
    """重设用户密码（该用户所有会话随之失效）。"""
    from eduplan.services.accounts.users import generate_password, set_password

    secret = new or generate_password()
    set_password(migrated_engine(), username, secret)
    console.print(f"已重设 {username} 的密码" + ("" if new else f"：{secret}（只显示这一次）"), highlight=False)


@user_app.command("token")
def token(
    username: str = typer.Argument(..., help="用户名"),
    name: str = typer.Option("script", "--name", help="令牌用途说明"),
) -> None:
    """为脚本创建 API 令牌（Authorization: Bearer …），只显示一次。"""
    from eduplan.services.accounts.users import create_api_token

    console.print(create_api_token(migrated_engine(), username, name), highlight=False, soft_wrap=True)
