"""What the report shows and in which order: figure and column labels shared by the Excel, PDF and
on-screen views. Plain constants, no imports, so the printing layer can use them without loading the
database layer.
"""

#: The summary figures in display order: (JSON key, Vietnamese label, kind: count | rate | days).
FIGURES = [
    ("received", "Hồ sơ tiếp nhận trong kỳ", "count"),
    ("online", "— trong đó nộp trực tuyến", "count"),
    ("online_share", "Tỷ lệ hồ sơ trực tuyến", "rate"),
    ("finished", "Hồ sơ đã giải quyết xong", "count"),
    ("finished_early", "— trước hạn", "count"),
    ("finished_on_time", "— đúng hạn", "count"),
    ("finished_late", "— quá hạn", "count"),
    ("on_time_rate", "Tỷ lệ giải quyết đúng hạn (kể cả trước hạn)", "rate"),
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
    ("finished_late", "Quá hạn", "count"), ("on_time_rate", "Tỷ lệ đúng hạn", "rate"),
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
