"""Vietnamese names and places for synthetic demo data, with roughly realistic frequencies."""

SURNAMES = [
    ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 30), ("Huỳnh", 21), ("Phan", 45),
    ("Vũ", 20), ("Võ", 19), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13), ("Ngô", 13), ("Dương", 10),
    ("Lý", 5), ("Đinh", 6), ("Trương", 5), ("Mai", 4), ("Lương", 4), ("Tạ", 3), ("Đào", 4), ("Cao", 3),
    ("Lâm", 3), ("Hà", 3), ("Quách", 2), ("Triệu", 2), ("Vương", 2), ("Kiều", 1), ("Lục", 1),
]
MALE_MIDDLE = ["Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Công", "Thanh", "Xuân", "Ngọc", "Đình",
               "Trọng", "Quang", "Hoàng", "Tuấn", "Bá", "Mạnh"]
FEMALE_MIDDLE = ["Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Thúy", "Hồng", "Mỹ",
                 "Phương", "Bảo", "Diệu", "Hải"]
MALE_GIVEN = ["Anh", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Giang", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy",
              "Khánh", "Khoa", "Kiên", "Lâm", "Long", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang",
              "Sơn", "Tài", "Thắng", "Thành", "Thịnh", "Toàn", "Trung", "Tú", "Tuấn", "Việt", "Vinh", "Vũ"]
FEMALE_GIVEN = ["Anh", "Ánh", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Huệ",
                "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh",
                "Phương", "Quỳnh", "Thảo", "Thu", "Thủy", "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Yến"]
HAMLETS = ["Thôn Đông", "Thôn Tây", "Thôn Nam", "Thôn Bắc", "Thôn Thượng", "Thôn Hạ", "Thôn Trung",
           "Xóm Mới", "Xóm Chợ", "Ấp 1", "Ấp 2", "Ấp 3", "Tổ dân phố 1", "Tổ dân phố 2", "Tổ dân phố 5",
           "Thôn Phú Xuân", "Thôn Yên Bình", "Thôn Đồng Tâm", "Bản Na Hang", "Thôn Hòa Bình"]
STREETS = ["Nguyễn Văn Cừ", "Trần Hưng Đạo", "Lê Lợi", "Hùng Vương", "Quang Trung", "Lý Thường Kiệt",
           "Hai Bà Trưng", "Điện Biên Phủ", "Nguyễn Trãi", "Phan Đình Phùng", "Võ Thị Sáu", "Lê Duẩn"]
COMMUNES = ["xã Tân Lập", "xã Hòa Bình", "xã Đồng Tâm", "phường Quang Trung", "xã Yên Thịnh",
            "xã Phú Lộc", "phường Hưng Phú", "xã Thanh Sơn"]
PROVINCES = [("tỉnh Thái Nguyên", "019"), ("tỉnh Nghệ An", "040"), ("tỉnh Thanh Hóa", "038"),
             ("thành phố Hà Nội", "001"), ("tỉnh Đắk Lắk", "066"), ("tỉnh An Giang", "089"),
             ("tỉnh Quảng Ninh", "022"), ("tỉnh Lâm Đồng", "068")]
