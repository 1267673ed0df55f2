"""What the report shows and in which order: figure and column labels shared by the Excel, PDF and
on-screen views, the national target and the "Cách tính" text. Plain constants, no imports, so the printing layer can use them without loading the
database layer.
"""

#: The national target (Decision 766/QĐ-TTg): at least 98 % of dossiers handled on time.
TARGET_RATE = 0.98

#: "Cách tính": how each figure is counted, printed on the PDF and Excel report and shown in the app.
RULES = [
    "Hồ sơ tiếp nhận: hồ sơ được tiếp nhận trong kỳ (hồ sơ trực tuyến mới đăng ký, chưa được tiếp nhận thì chưa tính).",
    "Hồ sơ đã giải quyết xong trong kỳ: có kết quả, đã trả kết quả, từ chối, dừng giải quyết, hoặc công dân rút "
    "sau khi hồ sơ đã được tiếp nhận.",
    "Hạn giải quyết là hạn theo quy định: tính từ thời điểm tiếp nhận theo thời hạn của thủ tục, cộng thời gian "
    "chờ công dân bổ sung; văn bản xin lỗi, gia hạn (ngày hẹn mới) không làm thay đổi hạn này.",
    "Hồ sơ đúng hạn: giải quyết xong không muộn hơn hạn theo quy định; yêu cầu bổ sung từ hai lần trở lên tính là "
    "quá hạn. Hồ sơ trước hạn: đúng hạn và xong trước ngày của hạn.",
    "Hồ sơ đang giải quyết tính tại cuối kỳ (hoặc thời điểm lập báo cáo nếu kỳ chưa kết thúc): còn hạn là đúng hạn, "
    "đã qua hạn theo quy định là quá hạn (kể cả khi đã có văn bản xin lỗi, gia hạn); hồ sơ đang chờ bổ sung được "
    "tính là còn hạn.",
    "Tỷ lệ đúng hạn (theo Quyết định 766/QĐ-TTg) = (số hồ sơ giải quyết xong đúng hạn, kể cả trước hạn + số hồ sơ "
    "đang giải quyết còn hạn) ÷ (số hồ sơ giải quyết xong trong kỳ + số hồ sơ đang giải quyết cuối kỳ). "
    "Chỉ tiêu: từ 98 % trở lên.",
    "Tỷ lệ đúng hạn trong số đã giải quyết = số hồ sơ giải quyết xong đúng hạn, kể cả trước hạn ÷ số hồ sơ giải "
    "quyết xong trong kỳ.",
    "Thời gian giải quyết trung bình tính bằng ngày làm việc, từ ngày tiếp nhận đến ngày có kết quả "
    "(không tính hồ sơ công dân rút).",
]

#: The summary figures in display order: (JSON key, Vietnamese label, kind: count | rate | days).
FIGURES = [
    ("received", "Hồ sơ tiếp nhận trong kỳ", "count"),
    ("online", "— trong đó nộp trực tuyến", "count"),
    ("online_share", "Tỷ lệ hồ sơ trực tuyến", "rate"),
    ("finished", "Hồ sơ đã giải quyết xong", "count"),
    ("finished_early", "— trước hạn", "count"),
    ("finished_on_time", "— đúng hạn", "count"),
    ("finished_late", "— quá hạn", "count"),
    ("on_time_rate", "Tỷ lệ đúng hạn theo QĐ 766 (đã xong và đang giải quyết; chỉ tiêu ≥ 98 %)", "rate"),
    ("finished_on_time_rate", "Tỷ lệ đúng hạn trong số đã giải quyết xong", "rate"),
    ("open_within_limit", "Đang giải quyết, còn trong hạn", "count"),
    ("open_overdue", "Đang giải quyết, đã quá hạn", "count"),
    ("returned", "Đã trả kết quả trong kỳ", "count"),
    ("refused", "Từ chối giải quyết", "count"),
    ("withdrawn", "Công dân rút hồ sơ", "count"),
    ("stopped", "Dừng xử lý", "count"),
    ("avg_processing_working_days", "Thời gian giải quyết trung bình (ngày làm việc)", "days"),
]
#: Columns of every breakdown table (by channel, procedure, field, officer).
BREAKDOWN_COLUMNS = [
    ("received", "Tiếp nhận", "count"), ("finished", "Đã giải quyết", "count"),
    ("finished_early", "Trước hạn", "count"), ("finished_on_time", "Đúng hạn", "count"),
    ("finished_late", "Quá hạn", "count"), ("on_time_rate", "Tỷ lệ đúng hạn (QĐ 766)", "rate"),
    ("finished_on_time_rate", "Đúng hạn / đã xong", "rate"),
    ("open_within_limit", "Đang GQ trong hạn", "count"), ("open_overdue", "Đang GQ quá hạn", "count"),
    ("returned", "Đã trả", "count"), ("refused", "Từ chối", "count"), ("withdrawn", "Rút", "count"),
    ("stopped", "Dừng", "count"),
]
#: The three lists: (JSON key, section title, short name for a sheet or tab).
LISTS = [
    ("overdue_list", "Hồ sơ đang quá hạn", "Đang quá hạn"),
    ("late_list", "Hồ sơ giải quyết quá hạn trong kỳ", "Trễ hạn trong kỳ"),
    ("due_soon_list", "Hồ sơ sắp đến hạn", "Sắp đến hạn"),
]
