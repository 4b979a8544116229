/// Pairs of the same duty in the two bundled catalogues, each checked by reading both files
/// (Resources/catalogues/*.txt): 大石头乡 (木垒县) on the left, 大西渠镇 (昌吉市) on the right.
/// Chosen to cover every list, numbering that has shifted, and the kinds of rewording the two
/// catalogues show: 本乡/本镇, 村/村（社区）, 县级/市级, 或/或者, 危险地区/危险区, 乡镇/本镇.
enum ComparePairsFixture {
  static let pairs: [(a: String, b: String, kind: String)] = [
    // 深入学习贯彻习近平新时代中国特色社会主义思想… (word for word)
    ("大石头乡/basic/1", "大西渠镇/basic/1", "same"),
    // 领导本乡政权机关… / 领导本镇政府机关…村（社区）…
    ("大石头乡/basic/5", "大西渠镇/basic/5", "reworded"),
    // 按照干部管理权限…村级后备力量…驻乡干部 / …村（社区）后备力量…驻镇干部
    ("大石头乡/basic/7", "大西渠镇/basic/7", "reworded"),
    // 健全党建引领基层治理机制…村民委员会 / …村（居）民委员会…居民公约
    ("大石头乡/basic/10", "大西渠镇/basic/10", "reworded"),
    // 负责本乡农村“四老”人员服务管理工作 / 负责本镇…（大西渠镇 has 党建联动 at 13）
    ("大石头乡/basic/13", "大西渠镇/basic/14", "same"),
    // 落实巡察反馈问题整改工作，统筹抓好对村巡察整改工作 / …对村（社区）巡察整改工作
    ("大石头乡/basic/14", "大西渠镇/basic/15", "reworded"),
    // 组织召开本乡人民代表大会…履行本乡人大主席团职责 / …履行镇人大主席团职责
    ("大石头乡/basic/15", "大西渠镇/basic/16", "reworded"),
    // …依法治理本乡宗教事务 / …依法治理辖区宗教事务
    ("大石头乡/basic/60", "大西渠镇/basic/62", "reworded"),
    // 负责本乡老龄工作…居家养老服务 / …居家社区养老服务
    ("大石头乡/basic/62", "大西渠镇/basic/64", "reworded"),
    // 开展乡镇国土空间规划编制 / 开展本镇国土空间规划编制
    ("大石头乡/basic/71", "大西渠镇/basic/73", "reworded"),
    // 对农田地膜使用者…或回收企业 / …或者回收企业
    ("大石头乡/basic/82", "大西渠镇/basic/84", "reworded"),
    // 负责本乡财政和资产管理工作，做好… / 负责本镇财政和资产管理,做好…
    ("大石头乡/basic/101", "大西渠镇/basic/104", "reworded"),
    // 县级以上党内表彰激励 / 市级以上党内表彰激励
    ("大石头乡/cooperative/2", "大西渠镇/cooperative/2", "reworded"),
    // 从优秀村干部中招录公务员… / 从优秀村（社区）干部中…
    ("大石头乡/cooperative/6", "大西渠镇/cooperative/6", "reworded"),
    // 规范村工作机制、牌子、出具证明 / 规范村（社区）工作机制…
    ("大石头乡/cooperative/8", "大西渠镇/cooperative/8", "reworded"),
    // 对本乡户籍人员…流浪乞讨人员的救助及安置 / 对本镇…
    ("大石头乡/cooperative/15", "大西渠镇/cooperative/15", "reworded"),
    // 困难重度残疾人家庭无障碍改造 (大西渠镇 has no 铁路护路, so numbers shift)
    ("大石头乡/cooperative/39", "大西渠镇/cooperative/38", "reworded"),
    // 做好慈善募捐救助工作 (duty texts worded apart)
    ("大石头乡/cooperative/44", "大西渠镇/cooperative/43", "reworded"),
    // 城镇燃气（含瓶装液化气）安全监督管理
    ("大石头乡/cooperative/73", "大西渠镇/cooperative/71", "reworded"),
    // 通信设施建设和保护 (商务科技和工业信息化局 / 商务和工业信息化局; texts far apart)
    ("大石头乡/cooperative/74", "大西渠镇/cooperative/72", "reworded"),
    // 协助县文化体育广播电视台和旅游局… / 协助市文化体育广播电视台和旅游局…
    ("大石头乡/cooperative/77", "大西渠镇/cooperative/76", "reworded"),
    // 编制防汛、抗旱预案…物资储备监督检查等工作 / …物资储备监督等工作
    ("大石头乡/cooperative/92", "大西渠镇/cooperative/90", "reworded"),
    // 落实“一网统管”数字化治理体系相关工作要求…
    ("大石头乡/cooperative/102", "大西渠镇/cooperative/101", "reworded"),
    // 对擅自凿井、修建地下水工程… / …修建地下水取水工程…
    ("大石头乡/recovered/19", "大西渠镇/recovered/10", "reworded"),
    // 对禁止开垦坡度以上陡坡地开垦种植农作物或… / 对在禁止开垦坡度以上…农作物，或…
    ("大石头乡/recovered/21", "大西渠镇/recovered/12", "reworded"),
    // …铲除草皮、麻黄等违法行为的处罚 / …铲草皮、麻黄…
    ("大石头乡/recovered/22", "大西渠镇/recovered/15", "reworded"),
    // 对在崩塌、滑坡危险地区…挖沙… / …危险区…挖砂…的活动的处罚 (order differs)
    ("大石头乡/recovered/23", "大西渠镇/recovered/13", "reworded"),
    // 对损毁水工程设施…在堤防安全保护区内打井… / …保护区打井…
    ("大石头乡/recovered/25", "大西渠镇/recovered/14", "reworded"),
    // 对在河道、湖泊采取管理范围内弃置… / 对在河道、湖泊管理范围内弃置、堆放阻碍行洪的物体和…
    ("大石头乡/recovered/26", "大西渠镇/recovered/16", "reworded"),
    // 对食品小作坊、小餐饮店、小食杂店和食品摊贩违法生产经营的处罚
    ("大石头乡/recovered/36", "大西渠镇/recovered/33", "same"),
  ]

  /// Basic duties of one township with no counterpart in the other, checked by searching the
  /// other file for their key words (文物, 种质, 肉制品, 党建联, 商会, 农业产业化, 业主大会,
  /// 广播电视台管理 and the villages' names).
  static let basicOnlyInA: Set<String> = [
    "大石头乡/basic/52",  // 指导朱散得村依托畜牧养殖基础…
    "大石头乡/basic/53",  // 开展畜禽养殖种质资源普查与收集…
    "大石头乡/basic/90",  // 负责本乡文物保护政策宣传和发现上报等工作
  ]
  static let basicOnlyInB: Set<String> = [
    "大西渠镇/basic/13",  // 负责本镇党建联动体系构建工作…
    "大西渠镇/basic/29",  // 发展壮大西渠镇商会…
    "大西渠镇/basic/54",  // 以龙河村为试点，成立农业产业化公司…
    "大西渠镇/basic/55",  // 推动农副产品加工企业公司与农村集体经济融合发展…
    "大西渠镇/basic/89",  // 依法组织监督指导业主大会、业主委员会工作…
    "大西渠镇/basic/93",  // 负责本镇广播电视台管理
  ]
}
